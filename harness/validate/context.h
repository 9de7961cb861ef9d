/* context.h - the validation core's context, fetched as spec/operations/<Op>.json
 * "context" declares it: which describe call supplies which slot of
 * dc_validate_context for a request of that operation. One code path for the
 * reference endpoint (the model answers the describe calls) and for the network
 * fuzzer's oracle (the endpoint under test answers them). */
#ifndef DC_CONTEXT_H
#define DC_CONTEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/json.h"
#include "spec/spec.h"
#include "validate/verdict.h"

/* Runs the describe operation from with the request body (a JSON object of
 * len bytes). Returns 0 with the parsed 2xx response in *out (freed by the
 * caller), or -1 when the call failed or was refused (nothing in *out). */
typedef int (*dc_context_call_fn)(void *user, const dc_operation *from, const char *body, size_t len, dc_json_doc *out);

/* Who fetches: the reference endpoint honours "serveOnlyIf", an oracle does not. */
typedef enum { DC_CONTEXT_FOR_ORACLE, DC_CONTEXT_FOR_ENDPOINT } dc_context_mode;

/* For each "context" entry of op, in order, whose slot is not filled yet and
 * whose key members are strings in request: calls the describe operation and
 * keeps its result member in docs[slot] (have[slot] set; free with
 * dc_context_docs_free). Arrays of DC_CONTEXT_SLOT_COUNT entries. */
void dc_context_fetch(const dc_operation *op, const dc_json *request, dc_context_mode mode, dc_context_call_fn call,
                      void *user, dc_json_doc *docs, bool *have);
/* Points ctx's slots at the fetched docs (the other fields are left alone). */
void dc_context_apply(const dc_json_doc *docs, const bool *have, dc_validate_context *ctx);
void dc_context_docs_free(dc_json_doc *docs, bool *have);

#endif
