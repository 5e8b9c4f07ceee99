import Foundation

/// User lookup, v1.1 and v2: how a client learns whether an account is protected.
extension XAPI {
    /// The user object of an account or generated person.
    private func user(id: String) -> EmulatedUser? {
        if let account = dataset.xAccount(id: id) { return user(of: account) }
        return dataset.userIndex(id: id).map { dataset.user(index: $0) }
    }

    /// `GET /1.1/users/show.json?user_id=ID` (or `screen_name=NAME`): a user object; 404 code 50
    /// for nobody.
    func v1UsersShow(_ request: APIRequest) -> APIResponse {
        var found: EmulatedUser?
        if let id = request.queryValue("user_id") {
            found = user(id: id)
        } else if let name = request.queryValue("screen_name")?.lowercased() {
            found = dataset.xAccounts.first { $0.screenName.lowercased() == name }.map { user(of: $0) }
        }
        guard let found else { return XErrors.v1(status: 404, code: 50, message: "User not found.") }
        var json = JSONWriter()
        XJSON.v1User(found, into: &json)
        return APIResponse(status: 200, json: json.bytes)
    }

    /// `GET /2/users/:id?user.fields=…`: `{"data":user}`; a not-found error for nobody.
    func v2User(_ request: APIRequest, id: String) -> APIResponse {
        do throws(APIResponseError) {
            let target = try v2Target(id: id).get()
            let fields = try Self.fields(request, parameter: "user.fields", known: Self.knownUserFields, names: XJSON.UserFields.names).get()
            guard let found = target.map({ user(of: $0) }) ?? user(id: id) else {
                return XErrors.v2UserNotFound(id: id, parameter: "id")
            }
            var json = JSONWriter()
            json.beginObject()
            json.key("data")
            XJSON.v2User(found, fields: fields, into: &json)
            json.endObject()
            return APIResponse(status: 200, json: json.bytes)
        } catch {
            return error.response
        }
    }
}
