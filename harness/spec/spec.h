/* spec.h - spec/ loaded into an in-memory shape graph.
 *
 * Files (format in spec/README.md):
 *   spec/shapes.json            shared shapes (scalars, structures, lists, maps)
 *   spec/operations/<Op>.json   one operation: metadata, errors, rules, and the
 *                               shapes it owns (its Input/Output structures)
 *   spec/errors.json            the error catalog (status, __type namespace,
 *                               message key case, which operations raise it)
 *   spec/messages.json          the service's message texts, by id
 *   spec/service.json           service constants: target prefix, content type, signing name
 * Patterns are compiled once (PCRE2, whole-string match as Java's matches()).
 * Everything returned is owned by the dc_spec and lives until dc_spec_free. */
#ifndef DC_SPEC_H
#define DC_SPEC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

typedef enum {
    DC_SHAPE_STRING,
    DC_SHAPE_INTEGER, /* Java Integer: 32-bit */
    DC_SHAPE_LONG,    /* Java Long: 64-bit, exact */
    DC_SHAPE_DOUBLE,
    DC_SHAPE_BOOLEAN,
    DC_SHAPE_TIMESTAMP, /* epoch seconds as a JSON number on the wire */
    DC_SHAPE_BLOB,      /* base64 text on the wire */
    DC_SHAPE_STRUCTURE,
    DC_SHAPE_LIST,
    DC_SHAPE_MAP
} dc_shape_type;

typedef struct dc_shape dc_shape;

typedef struct {
    const char *name;      /* wire name, e.g. "SSESpecificationOverride" */
    const char *path_name; /* name in validation paths: first char lower-cased ("sSESpecificationOverride") */
    const dc_shape *shape;
    bool required;
    const char *since; /* "2019-11-12" or NULL: when the member appeared in the API */
    const char *check; /* named member check run after generic validation, or NULL */
    /* "nameShape": a string member that takes an ARN or a plain name holds a
     * plain name (no "arn:" prefix) to this shape's constraints; NULL if none */
    const dc_shape *name_shape;
} dc_member;

struct dc_shape {
    const char *name;
    dc_shape_type type;
    /* string/blob/list/map: length bounds; integer/long/double: value bounds */
    bool has_min, has_max;
    int64_t min, max;
    const char *pattern; /* as written in the model, NULL if none */
    void *pattern_code;  /* pcre2_code*, private */
    const char **enums;  /* accepted values (exact case), NULL if not an enum */
    size_t nenums;
    const char *enum_message; /* the list as the service prints it: "[PROVISIONED, PAY_PER_REQUEST]" */
    dc_member *members;       /* structure members in spec order */
    size_t nmembers;
    bool is_union;          /* structure where exactly one member may be set (AttributeValue) */
    const dc_shape *member; /* list element */
    const dc_shape *key;    /* map key */
    const dc_shape *value;  /* map value */
    const char *since;
};

/* The slots of the validation core's context (validate/verdict.h), named as in
 * the --context file of `ddbconform validate`. */
typedef enum {
    DC_CONTEXT_SOURCE_TABLE,       /* "sourceTable": DescribeTable's "Table" of the source */
    DC_CONTEXT_BACKUP,             /* "backup": DescribeBackup's "BackupDescription" */
    DC_CONTEXT_CONTINUOUS_BACKUPS, /* "continuousBackups": DescribeContinuousBackups' result */
    DC_CONTEXT_SLOT_COUNT
} dc_context_slot;
/* "sourceTable", "backup", "continuousBackups" ("?" out of range). */
const char *dc_context_slot_name(dc_context_slot slot);

struct dc_operation;

/* One pair of an operation's "context" entry "key": the describe call's
 * request member takes the value of the operation's request member. */
typedef struct {
    const char *from_member;    /* member of the describe call's input ("TableName") */
    const char *request_member; /* member of the operation's input ("SourceTableName") */
} dc_context_key;

/* A "serveOnlyIf" condition: the string at path (dotted, in the result) equals value. */
typedef struct {
    const char *path;
    const char *value;
} dc_context_condition;

/* spec/operations/<Op>.json "context": which describe call supplies the
 * validation core's context slot for a request of this operation. */
typedef struct {
    dc_context_slot slot;
    const struct dc_operation *from; /* the describe operation */
    dc_context_key *keys;            /* all named request members must be strings */
    size_t nkeys;
    const char *result;                  /* member of from's output that is the slot's value */
    dc_context_condition *serve_only_if; /* the reference endpoint fills the slot only when all hold */
    size_t nserve_only_if;
} dc_context_source;

/* "creates.resources": a response member naming a resource the call created,
 * and the operation that deletes it. */
typedef struct {
    const char *response;                   /* dotted path in the output ("TableDescription.TableName") */
    const struct dc_operation *delete_with; /* an operation with "deletes" */
} dc_created_resource;

typedef struct dc_operation {
    const char *name; /* "CreateBackup" */
    const dc_shape *input;
    const dc_shape *output;
    const char **errors; /* modeled errors (names in the catalog) */
    size_t nerrors;
    const char **rules; /* named semantic rules, in the order they run */
    size_t nrules;
    const char *since;
    bool plumbing;                 /* in scope only as scenario plumbing */
    const char *group;             /* the cases/ folder of its cases ("backup"), or NULL */
    const struct dc_json *example; /* a minimal valid request (object; ${unique} in names), or NULL */
    dc_context_source *context;    /* "context", in the order they are tried */
    size_t ncontext;
    const char **fresh; /* "creates.fresh": request members that must name a new resource */
    size_t nfresh;
    dc_created_resource *created; /* "creates.resources" */
    size_t ncreated;
    const char *delete_key; /* "deletes.key": the request member naming what is deleted; NULL: deletes nothing */
    const char *gone_error; /* "deletes.goneError": what a request naming it answers after a 2xx delete, or NULL */
    const char *busy_error; /* "deletes.busyError": the answer while it cannot be deleted yet (retry), or NULL */
} dc_operation;

typedef struct {
    const char *name; /* "BackupNotFoundException" */
    const char *ns;   /* "com.amazonaws.dynamodb.v20120810" */
    int http_status;
    const char *message_key; /* "message", "Message", or NULL when the body has none */
    bool common;             /* any operation may raise it (not in the model's lists) */
    bool server_fault;       /* 5xx */
    const char *wire_type;   /* the __type on the wire: "<ns>#<name>" */
    bool state;              /* "state": says something about the world, not the request (throttling, limits) */
} dc_error_def;

typedef struct dc_spec dc_spec;

/* spec/service.json: the service's wire constants. Strings and arrays are owned
 * by the dc_spec. */
typedef struct {
    const char *api_version;                   /* "2012-08-10" */
    const char *target_prefix;                 /* "DynamoDB_20120810" (no dot) */
    const char *const *legacy_target_prefixes; /* NULL-terminated; routed like target_prefix */
    const char *content_type;                  /* what clients send and the service answers with */
    const char *const *accepted_content_types; /* NULL-terminated; parameters after ';' ignored */
    const char *signing_name;                  /* SigV4 service name in the credential scope */
    const char *endpoint_prefix;
    /* x-amzn-RequestId: random_length characters of alphabet, then suffix */
    const char *request_id_alphabet;
    size_t request_id_random_length;
    const char *request_id_suffix;
} dc_service;

#define DC_SPEC_REQUEST_ID_MAX 128 /* longest request id spec/service.json may describe */

/* true when id has the shape spec/service.json "requestId" gives the service's
 * request ids ([S:request-id-form]). */
bool dc_spec_request_id_shaped(const dc_service *sv, const char *id, size_t len);

/* Loads dir/spec/...; err names the file and JSON path of the first problem. */
int dc_spec_load(const char *dir, dc_spec **out, dc_err *err);
void dc_spec_free(dc_spec *spec);

const dc_operation *dc_spec_operation(const dc_spec *spec, const char *name);
size_t dc_spec_operation_count(const dc_spec *spec);
const dc_operation *dc_spec_operation_at(const dc_spec *spec, size_t i);
const dc_shape *dc_spec_shape(const dc_spec *spec, const char *name);
const dc_error_def *dc_spec_error(const dc_spec *spec, const char *name);
size_t dc_spec_error_count(const dc_spec *spec);
const dc_error_def *dc_spec_error_at(const dc_spec *spec, size_t i);
/* One entry of spec/messages.json. Owned by the dc_spec. */
typedef struct {
    const char *id;         /* "table-not-found" */
    const char *text;       /* the template, with {placeholders} */
    const char *type;       /* the catalog error that carries it ("TableNotFoundException") */
    const char *source;     /* where the text was recorded */
    const char *confidence; /* "R", "M" or "I" */
    bool doc_only;          /* "use": "doc": documents a service text that no C code writes */
} dc_message;

/* Marks a message id in C, as gettext's N_() marks a text for xgettext: it is
 * the id itself (a string literal), and tests/unit/test_messages.c reads the
 * marks to check that every marked id is in spec/messages.json and that every
 * entry there is marked somewhere in harness/ or is "use": "doc". */
#define DC_MSG_ID(id) ("" id "")

/* The entry id, or NULL. */
const dc_message *dc_spec_message_def(const dc_spec *spec, const char *id);
size_t dc_spec_message_count(const dc_spec *spec);
const dc_message *dc_spec_message_at(const dc_spec *spec, size_t i);
/* The text of spec/messages.json entry id (a template with {placeholders}), or NULL. */
const char *dc_spec_message(const dc_spec *spec, const char *id);
/* The catalog error name of entry id ("TableNotFoundException"), or NULL. */
const char *dc_spec_message_type(const dc_spec *spec, const char *id);
/* Appends message id to out with its {placeholders} filled from name/value
 * pairs given as const char * arguments and ended by NULL:
 *   dc_spec_message_format(spec, "table-not-found", &b, "name", "Music", NULL);
 * A placeholder without a pair stays visible ("{name}"). Returns -1 (and
 * appends nothing) when the id is not in spec/messages.json: a broken
 * installation, which callers report rather than invent a text. */
int dc_spec_message_format(const dc_spec *spec, const char *id, dc_buf *out, ...);
/* The same with a va_list of name/value pairs (at most DC_SPEC_MAX_MESSAGE_ARGS). */
int dc_spec_message_vformat(const dc_spec *spec, const char *id, dc_buf *out, va_list pairs);
#define DC_SPEC_MAX_MESSAGE_ARGS 8

/* A placeholder value with its length: a value echoed from a request may hold U+0000. */
typedef struct {
    const char *name;
    const char *value;
    size_t len;
} dc_message_arg;
/* The same with an array of values that carry their length. */
int dc_spec_message_format_args(const dc_spec *spec, const char *id, dc_buf *out, const dc_message_arg *args,
                                size_t nargs);
/* true when text is message id's template with every {placeholder} standing
 * for some run of bytes (the reverse of formatting: "Table not found: Music"
 * matches table-not-found). */
bool dc_spec_message_matches(const dc_spec *spec, const char *id, const char *text, size_t len);
/* The fixed text that follows {placeholder} in message id's template, up to
 * the next placeholder or the end (its length in *len); NULL when the
 * template has no such placeholder. Lets a reader split a text the way it was
 * composed (validation-clause: " at '" follows {value}). */
const char *dc_spec_message_after(const dc_spec *spec, const char *id, const char *placeholder, size_t *len);
/* The service constants of spec/service.json. */
const dc_service *dc_spec_service(const dc_spec *spec);
/* "DynamoDB_20120810.CreateBackup" (or a legacy prefix) -> "CreateBackup"
 * (a pointer into target, len in *op_len); NULL when the prefix is not the
 * service's. Whether the operation exists is the caller's question. */
const char *dc_spec_target_operation(const dc_spec *spec, const char *target, size_t len, size_t *op_len);
/* true if op may answer with error name: modeled for op, or common. */
bool dc_spec_error_allowed(const dc_spec *spec, const dc_operation *op, const char *name);
const dc_member *dc_shape_member(const dc_shape *s, const char *name, size_t name_len);

/* Whole-string match of the shape's pattern (true when the shape has none). */
bool dc_shape_pattern_matches(const dc_shape *s, const char *str, size_t len);
bool dc_shape_enum_contains(const dc_shape *s, const char *str, size_t len);
const char *dc_shape_type_name(dc_shape_type t);

/* true when the error is sometimes sent without its message member (errors.json
 * "messageOptional": SerializationException has "Message" for type errors but no
 * message for an unparseable or empty body, [S:error-body]). */
bool dc_spec_error_message_optional(const dc_spec *spec, const dc_error_def *e);

/* Drift annotations (spec/README.md): where the server enforces something other
 * than the official model, the spec keeps the server's value and records the
 * model's in "model" (an object, returned through *model, may be NULL) with the
 * reason in "drift" (returned; NULL when not annotated). Used by `spec check`. */
struct dc_json;
const char *dc_spec_shape_drift(const dc_spec *spec, const dc_shape *s, const struct dc_json **model);
const char *dc_spec_member_drift(const dc_spec *spec, const dc_shape *owner, const dc_member *m,
                                 const struct dc_json **model);
const char *dc_spec_operation_drift(const dc_spec *spec, const dc_operation *op, const struct dc_json **model);

#endif
