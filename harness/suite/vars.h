/* vars.h - the ${var} language of case files (cases/README.md "Variables"):
 * a case's variables (vars, builtins, captures) and their substitution into
 * request, header and expectation templates. Also the template paths every
 * part of the case language names in its messages ("steps[1].request.TableName"). */
#ifndef DC_VARS_H
#define DC_VARS_H

#include <stdbool.h>
#include <stddef.h>

#include "core/common.h"
#include "core/json.h"

#define DC_VARS_MAX 256 /* variables (vars + captures) per case */

/* A case's variables: name -> JSON value (each value owns a copy). */
typedef struct dc_vars dc_vars;

dc_vars *dc_vars_new(void);
void dc_vars_free(dc_vars *vars);
/* Stores a deep copy of value under name (replacing an earlier one). -1 when full. */
int dc_vars_set(dc_vars *vars, const char *name, const dc_json *value, dc_err *err);
/* Stores s as a JSON string / numtext as a JSON number (numtext must be a valid number). */
int dc_vars_set_string(dc_vars *vars, const char *name, const char *s, dc_err *err);
int dc_vars_set_number(dc_vars *vars, const char *name, const char *numtext, dc_err *err);
/* Borrowed; NULL when unset. */
const dc_json *dc_vars_get(const dc_vars *vars, const char *name);
/* A character a variable name may hold: [A-Za-z0-9_]. */
bool dc_vars_name_char(char c);

/* Substitutes ${name} everywhere in tmpl (object keys are left alone) and parses
 * the result into out (caller frees). A string that is exactly "${name}" takes
 * the variable's JSON value with its type; "${name}" inside a longer string is
 * replaced by the text of a string/number/boolean value. "$${" writes "${".
 * err: "${nope} is not defined at steps[1].request.TableName" (path_prefix + path). */
int dc_subst(const dc_json *tmpl, const dc_vars *vars, const char *path_prefix, dc_json_doc *out, dc_err *err);
/* Text interpolation only (for rawBody and header values): appends to out. */
int dc_subst_text(const char *s, size_t len, const dc_vars *vars, const char *path, dc_buf *out, dc_err *err);

/* Template paths as messages print them: a member is ".Name" ("Name" at the
 * root), an element of a case-file array "[i]". */
void dc_tmpl_path_key(dc_buf *path, const char *key, size_t key_len);
void dc_tmpl_path_index(dc_buf *path, size_t i);

#endif
