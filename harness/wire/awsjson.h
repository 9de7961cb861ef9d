/* awsjson.h - the awsJson 1.0 wire rules every layer reads the same way: the
 * error body ([S:error-body]: {"__type":"<ns>#<Name>","message":"..."}; some
 * errors spell the key "Message"), the XML 404 that a wrong method or content
 * type gets ([S:wire-request]), and which request content types the service takes
 * (spec/service.json contentType, acceptedContentTypes).
 *
 * One reader for the check module, the runner, the fuzz oracle, serve and the
 * client judge: a rule changed here changes for all of them. */
#ifndef DC_AWSJSON_H
#define DC_AWSJSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/json.h"
#include "spec/spec.h"

/* The body of the 404: "<UnknownOperationException/>\n" ([S:wire-request] [R]). */
#define DC_AWSJSON_XML404_TAG "<UnknownOperationException/>"
#define DC_AWSJSON_XML404_BODY DC_AWSJSON_XML404_TAG "\n"
#define DC_AWSJSON_UNKNOWN_OPERATION "UnknownOperationException"

/* Sanitizes a __type as the awsJson protocols say: the text before the first
 * ':', then after the first '#'. Returns a pointer into type and its length. */
const char *dc_awsjson_error_name(const char *type, size_t type_len, size_t *name_len);

/* true when body is the XML 404 of a wrong method or content type: it starts
 * with "<UnknownOperationException" (any status; the caller judges the status). */
bool dc_awsjson_is_xml404(const uint8_t *body, size_t len);

/* The error fields of a JSON body; every pointer points into the parsed value. */
typedef struct {
    const dc_json *type; /* "__type" when it is a string, else NULL */
    const char *name;    /* its short name (dc_awsjson_error_name); NULL without type */
    size_t name_len;
    const char *ns; /* the text before '#'; NULL when type has no '#' */
    size_t ns_len;
    const dc_json *message;  /* "message", else "Message", of any JSON type; NULL = neither */
    const char *message_key; /* "message", "Message" or NULL */
    bool message_twice;      /* both spellings are there (message wins) */
} dc_awsjson_error;

/* Reads the error fields of root (any JSON value, or NULL). Returns true when
 * root carries a string __type. */
bool dc_awsjson_error_read(const dc_json *root, dc_awsjson_error *out);

/* The message as text: the member when it is a string, else NULL (*len 0). */
const char *dc_awsjson_error_message(const dc_awsjson_error *e, size_t *len);

/* How a response body reads as an error. */
typedef enum {
    DC_AWSJSON_NO_ERROR, /* JSON without a string __type (a success body, or a broken error) */
    DC_AWSJSON_ERROR,    /* JSON with a string __type */
    DC_AWSJSON_XML404,   /* the XML 404: error name UnknownOperationException */
    DC_AWSJSON_NOT_JSON, /* empty, or not JSON */
} dc_awsjson_kind;

/* Reads body: the XML 404 first, then JSON. For NO_ERROR and ERROR, *doc
 * holds the parsed body (the caller frees it) and out points into it; for
 * the others nothing is left to free and out is empty (XML404: name set). */
dc_awsjson_kind dc_awsjson_read_body(const uint8_t *body, size_t len, dc_json_doc *doc, dc_awsjson_error *out);

/* The request content type test ([S:wire-request] [R]): ct is accepted when its
 * media type (parameters after ';' ignored, any case) is one of spec's
 * acceptedContentTypes. Returns the accepted type, which the service echoes
 * in its answer (spec-owned), or NULL when the service answers 404 (a type it
 * does not take, or none). */
const char *dc_awsjson_content_type(const dc_spec *spec, const char *ct);

#endif
