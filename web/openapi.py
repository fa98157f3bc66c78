"""The OpenAPI document, generated from the routes registered under ``/api/v1``."""
from __future__ import annotations

import re

from flask import Flask

import feedback_seg

ENVELOPE = {"type": "object", "required": ["ok", "error", "status"],
            "properties": {"ok": {"const": False}, "error": {"type": "string"},
                           "status": {"type": "integer"}, "code": {"type": "string"}}}
# Request bodies of the routes that take one (endpoint -> JSON schema).
BODIES = {
    "api.create_project": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}},
    "api.add_member": {"type": "object", "required": ["user_id"], "properties": {"user_id": {"type": "integer"}}},
    "api.create_user": {"type": "object", "required": ["username", "password", "role"],
                        "properties": {"username": {"type": "string"}, "password": {"type": "string"},
                                       "role": {"enum": ["admin", "researcher", "marketer", "viewer"]}}},
    "api.reset_password": {"type": "object", "required": ["password"], "properties": {"password": {"type": "string"}}},
    "api.change_password": {"type": "object", "required": ["current_password", "new_password"],
                            "properties": {"current_password": {"type": "string"}, "new_password": {"type": "string"}}},
    "api.confirm": {"type": "object", "properties": {
        "roles": {"type": "object", "additionalProperties": {
            "enum": ["text", "id", "timestamp", "attribute", "dropped"]}},
        "channel": {"enum": ["survey", "ticket", "social"]}}},
}
MULTIPART = {"api.upload": {"type": "object", "required": ["file"], "properties": {
    "file": {"type": "string", "format": "binary"}, "format": {"type": "string"}}}}
_IDS = {"type": "array", "items": {"type": "integer"}}
_VERSION = {"type": "integer", "description": "the segment version you saw (required: missing is 400, "
                                             "stale is 409)"}
_VERSIONS = {"type": "object", "additionalProperties": {"type": "integer"},
             "description": "{segment id: version} you saw, for every segment involved (required)"}
BODIES.update({   # review actions (web/review.py)
    "api.review_rename_api": {"type": "object", "required": ["name", "version"], "properties": {
        "name": {"type": "string", "maxLength": 200}, "version": _VERSION}},
    "api.review_accept_name_api": {"type": "object", "required": ["version"], "properties": {"version": _VERSION}},
    "api.review_merge_api": {"type": "object", "required": ["source_ids", "versions"], "properties": {
        "source_ids": _IDS, "versions": _VERSIONS}},
    "api.review_split_api": {"type": "object", "required": ["groups", "version"], "properties": {
        "groups": {"type": "array", "items": _IDS}, "version": _VERSION}},
    "api.review_pin_api": {"type": "object", "required": ["item_id", "version"], "properties": {
        "item_id": {"type": "integer"}, "pin": {"type": "boolean"}, "version": _VERSION}},
    "api.review_respondents_api": {"type": "object", "required": ["action", "versions"], "properties": {
        "action": {"enum": ["move", "outlier", "confirm"]}, "respondent_ids": _IDS,
        "segment_id": {"type": "integer"}, "max_confidence": {"type": "number"}, "search": {"type": "string"},
        "origin": {"enum": ["model", "soft", "human"]}, "target_segment_id": {"type": "integer"},
        "version": _VERSION, "versions": _VERSIONS}},
})
BODIES.update({   # emerging segments (web/loop.py)
    "api.loop_accept_api": {"type": "object", "required": ["version"], "properties": {"version": _VERSION}},
    "api.loop_dismiss_api": {"type": "object", "required": ["version"], "properties": {"version": _VERSION}},
})
PUBLIC = {"api.openapi"}
# Keyset-paginated list routes (limit, next) and other query parameters (endpoint -> parameters).
PAGED = {"api.projects", "api.segment_members"}
QUERY = {"api.segment_members": [{"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 200},
                                  "description": "only members whose (redacted) texts contain this"}]}


def _q(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "schema": schema or {"type": "string"}, "description": description}


_SEGMENT = _q("segment", "segment id, key or name")
QUERY.update({"api.account_events": [   # web/api.py
    _q("user_id", "only this account's events", {"type": "integer"}),
    _q("limit", "number of events", {"type": "integer", "minimum": 1, "maximum": 500})]})
QUERY.update({   # search, needs and values (web/ask.py)
    "api.project_search": [
        _q("q", "what to search for (without it: the filter options)", {"type": "string", "maxLength": 500}),
        _q("run", "run whose segments to use (default: the latest finished run)", {"type": "integer"}),
        _SEGMENT, _q("where", "attribute:value (repeatable; attributes from the options)",
                     {"type": "array", "items": {"type": "string"}}),
        _q("channel", "survey, ticket, social, ..."), _q("source", "source file id or name"),
        _q("from", "from this date (YYYY-MM-DD)", {"type": "string", "format": "date"}),
        _q("to", "up to this date, inclusive", {"type": "string", "format": "date"}),
        _q("limit", "number of hits", {"type": "integer", "minimum": 1, "maximum": 200}),
        _q("raw", "1: also the original text (roles allowed row-level data only)", {"enum": ["0", "1"]})],
    "api.run_needs": [_SEGMENT],
    "api.run_values": [_SEGMENT, _q("framework", "one value framework, e.g. schwartz or consumer_attitudes")],
    "api.review_queue_api": [
        _q("mode", "uncertain: Unassigned, then least sure first; spread: a spread of each segment",
           {"enum": ["uncertain", "spread"]}),
        _q("per_segment", "people per segment in spread mode (default 20)",
           {"type": "integer", "minimum": 1, "maximum": 200}),
        _q("limit", "page size", {"type": "integer", "minimum": 1}), _q("next", "opaque token of the next page")],
})
_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
_TYPES = {"int": {"type": "integer"}, "uuid": {"type": "string", "format": "uuid"}, None: {"type": "string"}}


def _operation(app: Flask, rule) -> dict:
    doc = (app.view_functions[rule.endpoint].__doc__ or rule.endpoint).strip().splitlines()[0]
    params = [{"name": name, "in": "path", "required": True, "schema": _TYPES.get(conv, {"type": "string"})}
              for conv, name in _PARAM.findall(rule.rule)]
    if rule.endpoint in PAGED:
        params += [{"name": "limit", "in": "query", "schema": {"type": "integer", "maximum": 200}},
                   {"name": "next", "in": "query", "schema": {"type": "string"},
                    "description": "opaque token from the previous page"}]
    params += QUERY.get(rule.endpoint, [])
    op = {"operationId": rule.endpoint.split(".", 1)[1], "summary": doc, "parameters": params,
          "responses": {"200": {"description": "ok"},
                        "default": {"description": "error",
                                    "content": {"application/json": {"schema": ENVELOPE}}}}}
    if rule.endpoint in BODIES:
        op["requestBody"] = {"content": {"application/json": {"schema": BODIES[rule.endpoint]}}}
    if rule.endpoint in MULTIPART:
        op["requestBody"] = {"content": {"multipart/form-data": {"schema": MULTIPART[rule.endpoint]}}}
    if rule.endpoint in PUBLIC:
        op["security"] = []
    return op


def openapi_document(app: Flask) -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.endpoint.startswith("api."):
            continue
        path = _PARAM.sub(lambda m: "{" + m.group(2) + "}", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(app, rule)
    return {"openapi": "3.1.0",
            "info": {"title": "feedback-seg API", "version": feedback_seg.__version__},
            "servers": [{"url": "/"}],
            "components": {"securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "session": {"type": "apiKey", "in": "cookie", "name": "__Host-fs_session"}}},
            "security": [{"bearer": []}, {"session": []}],
            "paths": paths}
