/* awsjson.c - the one reader of awsJson error bodies and content types (see awsjson.h). */
#include "wire/awsjson.h"

#include <string.h>

#include "wire/http.h"

const char *dc_awsjson_error_name(const char *type, size_t type_len, size_t *name_len)
{
    const char *colon = memchr(type, ':', type_len);
    size_t n = colon != NULL ? (size_t)(colon - type) : type_len;
    const char *hash = memchr(type, '#', n);
    if (hash != NULL) {
        *name_len = n - (size_t)(hash + 1 - type);
        return hash + 1;
    }
    *name_len = n;
    return type;
}

bool dc_awsjson_is_xml404(const uint8_t *body, size_t len)
{
    static const char tag[] = "<" DC_AWSJSON_UNKNOWN_OPERATION;
    return body != NULL && len >= sizeof tag - 1 && memcmp(body, tag, sizeof tag - 1) == 0;
}

bool dc_awsjson_error_read(const dc_json *root, dc_awsjson_error *out)
{
    memset(out, 0, sizeof *out);
    if (!dc_json_is_object(root))
        return false;
    const dc_json *t = dc_json_get(root, "__type");
    out->message = dc_json_get(root, "message");
    out->message_key = out->message != NULL ? "message" : NULL;
    const dc_json *upper = dc_json_get(root, "Message");
    if (out->message == NULL && upper != NULL) {
        out->message = upper;
        out->message_key = "Message";
    }
    out->message_twice = out->message != upper && upper != NULL;
    if (!dc_json_is_string(t))
        return false;
    out->type = t;
    out->name = dc_awsjson_error_name(t->str, t->str_len, &out->name_len);
    const char *hash = memchr(t->str, '#', t->str_len);
    if (hash != NULL) {
        out->ns = t->str;
        out->ns_len = (size_t)(hash - t->str);
    }
    return true;
}

const char *dc_awsjson_error_message(const dc_awsjson_error *e, size_t *len)
{
    if (!dc_json_is_string(e->message)) {
        *len = 0;
        return NULL;
    }
    *len = e->message->str_len;
    return e->message->str;
}

dc_awsjson_kind dc_awsjson_read_body(const uint8_t *body, size_t len, dc_json_doc *doc, dc_awsjson_error *out)
{
    memset(out, 0, sizeof *out);
    if (dc_awsjson_is_xml404(body, len)) {
        out->name = DC_AWSJSON_UNKNOWN_OPERATION;
        out->name_len = strlen(DC_AWSJSON_UNKNOWN_OPERATION);
        return DC_AWSJSON_XML404;
    }
    dc_err err;
    if (len == 0 || dc_json_parse(body, len, doc, &err) != 0)
        return DC_AWSJSON_NOT_JSON;
    return dc_awsjson_error_read(doc->root, out) ? DC_AWSJSON_ERROR : DC_AWSJSON_NO_ERROR;
}

const char *dc_awsjson_content_type(const dc_spec *spec, const char *ct)
{
    if (ct == NULL)
        return NULL;
    size_t n = strlen(ct);
    for (const char *const *t = dc_spec_service(spec)->accepted_content_types; t != NULL && *t != NULL; t++)
        if (dc_http_media_type_is(ct, n, *t))
            return *t;
    return NULL;
}
