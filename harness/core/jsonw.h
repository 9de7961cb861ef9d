/* jsonw.h - the one JSON writer: compact JSON appended to a dc_buf, member
 * by member, in the order the caller writes them.
 *
 * Every JSON document the harness writes goes through it: serve's response
 * bodies (endpoint/model*.c, members in code-point order, which the caller
 * keeps), report.json, the gate's client report, recorded exchanges and the
 * fuzzer's findings. A writer that must clean a string first (redaction, UTF-8
 * repair) cleans it and hands the bytes to dc_jsonw_string_n.
 *
 * No writer state: the comma before a member or element is decided by the
 * byte before it. None goes at the start of the buffer or after '{', '[',
 * ':', ',' or whitespace (a value starts there); one goes after anything else
 * (a value ended there). So raw dc_buf_* appends of JSON text mix freely with
 * these calls. */
#ifndef DC_JSONW_H
#define DC_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

/* The comma, when the previous byte ended a value. */
void dc_jsonw_sep(dc_buf *b);

/* '{' / '[' (after the comma when needed) and their ends. */
void dc_jsonw_object(dc_buf *b);
void dc_jsonw_object_end(dc_buf *b);
void dc_jsonw_array(dc_buf *b);
void dc_jsonw_array_end(dc_buf *b);

/* "k": - the value follows with one of the calls below. */
void dc_jsonw_key(dc_buf *b, const char *k);

/* Values. A NULL string is null. Strings are escaped as JSON requires
 * (dc_buf_put_json_string: \" \\ \b \f \n \r \t, other controls as \u00XX;
 * other bytes as they are). */
void dc_jsonw_string(dc_buf *b, const char *s);
void dc_jsonw_string_n(dc_buf *b, const char *s, size_t len);
void dc_jsonw_int(dc_buf *b, int64_t v);
void dc_jsonw_uint(dc_buf *b, uint64_t v);
void dc_jsonw_bool(dc_buf *b, bool v);
void dc_jsonw_null(dc_buf *b);
/* JSON text that is one value already (a kept key schema, a number printed
 * its own way), appended as it is. */
void dc_jsonw_raw(dc_buf *b, const char *json);

/* Indented layout (recordings, which people diff): each member or element
 * on a line of its own, indent spaces in, "key": with a space; an empty
 * container stays "{}" / "[]". dc_jsonw_key_at and dc_jsonw_item_at write
 * the comma, the line break and the indent (then write the value);
 * dc_jsonw_end_at closes with '}' or ']' on a line of its own at indent. */
void dc_jsonw_key_at(dc_buf *b, int indent, const char *k);
void dc_jsonw_key_n_at(dc_buf *b, int indent, const char *k, size_t len);
void dc_jsonw_item_at(dc_buf *b, int indent);
void dc_jsonw_end_at(dc_buf *b, int indent, char close);

/* One "key":value member: dc_jsonw_key, then the value. */
void dc_jsonw_member_string(dc_buf *b, const char *k, const char *v);
void dc_jsonw_member_int(dc_buf *b, const char *k, int64_t v);
void dc_jsonw_member_uint(dc_buf *b, const char *k, uint64_t v);
void dc_jsonw_member_bool(dc_buf *b, const char *k, bool v);
void dc_jsonw_member_raw(dc_buf *b, const char *k, const char *json);

#endif
