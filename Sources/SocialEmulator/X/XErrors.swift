/// The error bodies of the X API, v1.1 and v2.
enum XErrors {
    /// v1.1: `{"errors":[{"code":C,"message":"…"}]}`.
    static func v1(status: Int, code: Int, message: String) -> APIResponse {
        var json = JSONWriter(capacity: 96)
        json.beginObject()
        json.key("errors")
        json.beginArray()
        json.beginObject()
        json.field("code", code)
        json.field("message", message)
        json.endObject()
        json.endArray()
        json.endObject()
        return APIResponse(status: status, json: json.bytes)
    }

    /// v2 problem: `{"title":…,"type":…,"status":…,"detail":…}`.
    static func v2Problem(status: Int, title: String, detail: String, type: String, reason: String? = nil) -> APIResponse {
        var json = JSONWriter(capacity: 160)
        json.beginObject()
        json.field("title", title)
        json.field("type", type)
        if let reason { json.field("reason", reason) }
        json.field("status", status)
        json.field("detail", detail)
        json.endObject()
        return APIResponse(status: status, json: json.bytes)
    }

    /// v2 401: `{"title":"Unauthorized","type":"about:blank","status":401,"detail":"Unauthorized"}`.
    static let v2Unauthorized = v2Problem(status: 401, title: "Unauthorized", detail: "Unauthorized", type: "about:blank")

    /// v2 429: `{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`.
    static let v2TooManyRequests = APIResponse(
        status: 429, json: #"{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}"#)

    /// v1.1 429, code 88.
    static let v1TooManyRequests = v1(status: 429, code: 88, message: "Rate limit exceeded")

    /// v2 400 for invalid parameters: each error names its parameter and value.
    static func v2InvalidRequest(_ errors: [(parameter: String, value: String, message: String)]) -> APIResponse {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("errors")
        json.beginArray()
        for error in errors {
            json.beginObject()
            json.key("parameters")
            json.beginObject()
            json.key(error.parameter)
            json.beginArray()
            json.value(error.value)
            json.endArray()
            json.endObject()
            json.field("message", error.message)
            json.endObject()
        }
        json.endArray()
        json.field("title", "Invalid Request")
        json.field("detail", "One or more parameters to your request was invalid.")
        json.field("type", "https://api.twitter.com/2/problems/invalid-request")
        json.endObject()
        return APIResponse(status: 400, json: json.bytes)
    }

    /// v2 400 for a body that is not the expected JSON.
    static func v2InvalidBody(_ message: String) -> APIResponse {
        var json = JSONWriter(capacity: 256)
        json.beginObject()
        json.key("errors")
        json.beginArray()
        json.beginObject()
        json.key("parameters")
        json.beginObject()
        json.endObject()
        json.field("message", message)
        json.endObject()
        json.endArray()
        json.field("title", "Invalid Request")
        json.field("detail", "One or more parameters to your request was invalid.")
        json.field("type", "https://api.twitter.com/2/problems/invalid-request")
        json.endObject()
        return APIResponse(status: 400, json: json.bytes)
    }

    /// v2 200 with a not-found error for a user id that does not exist.
    static func v2UserNotFound(id: String, parameter: String) -> APIResponse {
        var json = JSONWriter(capacity: 320)
        json.beginObject()
        json.key("errors")
        json.beginArray()
        json.beginObject()
        json.field("value", id)
        json.field("detail", "Could not find user with \(parameter): [\(id)].")
        json.field("title", "Not Found Error")
        json.field("resource_type", "user")
        json.field("parameter", parameter)
        json.field("resource_id", id)
        json.field("type", "https://api.twitter.com/2/problems/resource-not-found")
        json.endObject()
        json.endArray()
        json.endObject()
        return APIResponse(status: 200, json: json.bytes)
    }

    /// v2 404 for a route that does not exist.
    static let v2NotFound = v2Problem(
        status: 404, title: "Not Found Error", detail: "The requested resource could not be found.",
        type: "https://api.twitter.com/2/problems/resource-not-found")
}
