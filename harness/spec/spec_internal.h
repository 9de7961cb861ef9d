/* spec_internal.h - the loaded spec as the loader (spec.c) builds it and the
 * queries (spec_query.c) read it; private to harness/spec/spec*.c. */
#ifndef DC_SPEC_INTERNAL_H
#define DC_SPEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/json.h"
#include "spec/spec.h"

#define DC_SPEC_MAX_FILE_BYTES (4u << 20) /* one spec file; ours are < 64 KiB */
#define DC_SPEC_MAX_OPERATIONS 64         /* files in spec/operations */
#define DC_SPEC_MAX_FILES (DC_SPEC_MAX_OPERATIONS + 3)
#define DC_SPEC_MAX_PATH 512 /* JSON path text in error messages */

typedef struct {
    const dc_json *model; /* the official model's values where the spec differs, or NULL */
    const char *drift;    /* why */
} dc_spec_annot;

struct dc_spec {
    dc_json_doc docs[DC_SPEC_MAX_FILES];
    char *files[DC_SPEC_MAX_FILES]; /* "spec/operations/X.json", parallel to docs */
    size_t ndocs;
    dc_shape *shapes; /* sorted by name */
    dc_spec_annot *shape_annots;
    dc_spec_annot **member_annots; /* per shape, per member */
    size_t nshapes;
    dc_operation *ops; /* sorted by name */
    dc_spec_annot *op_annots;
    size_t nops;
    dc_error_def *errors;   /* sorted by name */
    bool *message_optional; /* parallel to errors */
    size_t nerrors;
    dc_message *messages; /* sorted by id */
    size_t nmessages;
    dc_service service;
    const char **service_lists; /* backing store of the NULL-terminated lists in service */
    pcre2_code **codes;         /* distinct compiled patterns */
    size_t ncodes;
};

/* The shape named name (binary search over the sorted shapes), or NULL. */
dc_shape *dc_spec_find_shape(const dc_spec *spec, const char *name);
/* qsort/bsearch orders: errors by name, messages by id. */
int dc_spec_error_cmp(const void *a, const void *b);
int dc_spec_message_cmp(const void *a, const void *b);

#endif
