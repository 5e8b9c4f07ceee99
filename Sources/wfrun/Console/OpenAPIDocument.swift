/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/v1/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "wfrun console API",
        "version": "1",
        "description": "What the console's pages show, as the command line's --json gives it, and its actions. Authenticate with the console token as a bearer (Authorization: Bearer TOKEN), or with a session cookie from /login; a POST with a session needs the session's CSRF token in X-CSRF-Token."
      },
      "servers": [{ "url": "/api/v1" }],
      "security": [{ "token": [] }, { "session": [] }],
      "components": {
        "securitySchemes": {
          "token": { "type": "http", "scheme": "bearer", "description": "The console token (wfrun console token --rotate makes a new one)." },
          "session": { "type": "apiKey", "in": "cookie", "name": "wfrun_session" }
        },
        "parameters": {
          "name": { "name": "name", "in": "path", "required": true, "schema": { "type": "string" }, "description": "A workflow name." },
          "id": { "name": "id", "in": "path", "required": true, "schema": { "type": "integer", "minimum": 1 }, "description": "A run id." },
          "table": { "name": "table", "in": "path", "required": true, "schema": { "type": "string" }, "description": "A data table (visitor, subscription, post_stats, …)." }
        },
        "responses": {
          "error": { "description": "What went wrong.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } } }
        },
        "schemas": {
          "Error": { "type": "object", "required": ["error"], "properties": { "error": { "type": "string" } } },
          "Status": {
            "type": "object", "description": "As `wfrun status --json`.",
            "required": ["now", "workflows", "nodes"],
            "properties": {
              "now": { "type": "string", "format": "date-time" },
              "workflows": { "type": "array", "items": { "$ref": "#/components/schemas/WorkflowStatus" } },
              "nodes": { "type": "array", "items": { "type": "object" } }
            }
          },
          "WorkflowStatus": {
            "type": "object",
            "required": ["name", "state", "next", "skippedSince", "missedSince", "startedOrStopped"],
            "properties": {
              "name": { "type": "string" }, "file": { "type": "string" },
              "state": { "type": "string", "enum": ["started", "stopped", "running", "paused"] },
              "startedOrStopped": { "type": "string" }, "runningOn": { "type": "string" },
              "pausedUntil": { "type": "string", "format": "date-time" }, "schedule": { "type": "string" },
              "timeZone": { "type": "string" },
              "next": { "type": "array", "items": { "type": "object", "properties": { "local": { "type": "string" }, "utc": { "type": "string" } } } },
              "lastRun": { "type": "object" }, "skippedSince": { "type": "integer" }, "missedSince": { "type": "integer" }
            }
          },
          "Run": {
            "type": "object", "description": "As one element of `wfrun history --json`.",
            "required": ["id", "workflow", "file", "status", "parameters", "startedAt"],
            "properties": {
              "id": { "type": "integer" }, "workflow": { "type": "string" }, "file": { "type": "string" },
              "status": { "type": "string", "enum": ["running", "succeeded", "failed", "interrupted", "skipped"] },
              "parameters": { "type": "object", "additionalProperties": { "type": "string" } },
              "startedAt": { "type": "string", "format": "date-time" }, "endedAt": { "type": "string", "format": "date-time" },
              "error": { "type": "string" }
            }
          },
          "RunDetail": {
            "type": "object", "description": "As `wfrun history RUN --json`.",
            "required": ["run", "activities", "deliveries", "log"],
            "properties": {
              "run": { "$ref": "#/components/schemas/Run" },
              "activities": { "type": "array", "items": { "type": "object" } },
              "deliveries": { "type": "array", "items": { "type": "object" } },
              "log": { "type": "array", "items": { "type": "object" } }
            }
          },
          "Done": { "type": "object", "required": ["workflow", "done"], "properties": { "workflow": { "type": "string" }, "done": { "type": "string" } } }
        }
      },
      "paths": {
        "/workflows": {
          "get": { "summary": "Every workflow's state, schedule, next fires and last run (wfrun status --json).",
            "responses": { "200": { "description": "The status.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }, "401": { "$ref": "#/components/responses/error" } } }
        },
        "/workflows/{name}": {
          "parameters": [{ "$ref": "#/components/parameters/name" }],
          "get": { "summary": "One workflow's status (wfrun status NAME --json).",
            "responses": { "200": { "description": "The status.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Status" } } } }, "401": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/workflows/{name}/start": {
          "parameters": [{ "$ref": "#/components/parameters/name" }],
          "post": { "summary": "Start the workflow: its schedule fires (wfrun start).",
            "responses": { "200": { "description": "Done.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Done" } } } }, "401": { "$ref": "#/components/responses/error" }, "403": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/workflows/{name}/stop": {
          "parameters": [{ "$ref": "#/components/parameters/name" }],
          "post": { "summary": "Stop the workflow: its schedule no longer fires (wfrun stop).",
            "responses": { "200": { "description": "Done.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Done" } } } }, "401": { "$ref": "#/components/responses/error" }, "403": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/workflows/{name}/trigger": {
          "parameters": [{ "$ref": "#/components/parameters/name" }],
          "post": { "summary": "Run the workflow now (wfrun trigger).",
            "responses": { "200": { "description": "Queued.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Done" } } } }, "401": { "$ref": "#/components/responses/error" }, "403": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/runs": {
          "get": { "summary": "Runs, newest first, filtered and paged (wfrun history --json). The next page is in the Link header; X-Total-Count counts every match.",
            "parameters": [
              { "name": "workflow", "in": "query", "schema": { "type": "string" } },
              { "name": "status", "in": "query", "schema": { "type": "string" }, "description": "One status or several, comma-separated." },
              { "name": "from", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "Started on or after this UTC day." },
              { "name": "to", "in": "query", "schema": { "type": "string", "format": "date" }, "description": "Started on or before this UTC day." },
              { "name": "before", "in": "query", "schema": { "type": "integer" }, "description": "Only runs with a smaller id (the next page)." },
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } }
            ],
            "responses": { "200": { "description": "The runs.", "content": { "application/json": { "schema": { "type": "array", "items": { "$ref": "#/components/schemas/Run" } } } } }, "400": { "$ref": "#/components/responses/error" }, "401": { "$ref": "#/components/responses/error" } } }
        },
        "/runs/{id}": {
          "parameters": [{ "$ref": "#/components/parameters/id" }],
          "get": { "summary": "One run: its activities, deliveries and log (wfrun history RUN --json).",
            "responses": { "200": { "description": "The run.", "content": { "application/json": { "schema": { "$ref": "#/components/schemas/RunDetail" } } } }, "401": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/tables": {
          "get": { "summary": "The data tables with their row counts and columns.",
            "responses": { "200": { "description": "The tables.", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object", "properties": { "name": { "type": "string" }, "label": { "type": "string" }, "rows": { "type": "integer" }, "columns": { "type": "array", "items": { "type": "string" } } } } } } } }, "401": { "$ref": "#/components/responses/error" } } }
        },
        "/data/{table}": {
          "parameters": [{ "$ref": "#/components/parameters/table" }],
          "get": { "summary": "Rows of a data table in key order (wfrun show TABLE --format json), filtered and paged; the next page is in the Link header.",
            "parameters": [
              { "name": "where", "in": "query", "schema": { "type": "string" }, "description": "An expression, as wfrun show --where." },
              { "name": "after", "in": "query", "schema": { "type": "string" }, "description": "The position the Link header gives." },
              { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 50 } }
            ],
            "responses": { "200": { "description": "The rows.", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } }, "400": { "$ref": "#/components/responses/error" }, "401": { "$ref": "#/components/responses/error" }, "404": { "$ref": "#/components/responses/error" } } }
        },
        "/services": {
          "get": { "summary": "What the services file declares, secrets by origin only (wfrun services list --json).",
            "responses": { "200": { "description": "The services.", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } }, "401": { "$ref": "#/components/responses/error" } } }
        },
        "/services/check": {
          "post": { "summary": "Call each service once (wfrun services check --json).",
            "responses": { "200": { "description": "Each service's check.", "content": { "application/json": { "schema": { "type": "array", "items": { "type": "object" } } } } }, "401": { "$ref": "#/components/responses/error" }, "403": { "$ref": "#/components/responses/error" } } }
        }
      }
    }
    """#
}
