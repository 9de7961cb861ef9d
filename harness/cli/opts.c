/* opts.c - argv against a command's option table (see opts.h). */
#include "cli/opts.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/common.h"

/* What a message template's fields stand for. */
typedef struct {
    const char *name;
    const char *value;
    unsigned long long min, max;
} s_fields;

static s_fields s_fields_of(const dc_opt *o, const char *name, const char *value)
{
    s_fields f = {name, value, 0, 0};
    if (o != NULL && o->kind == DC_OPT_UINT) {
        f.min = o->min;
        f.max = o->max;
    } else if (o != NULL && (o->kind == DC_OPT_APPEND || o->kind == DC_OPT_LIST)) {
        f.max = o->size;
    }
    return f;
}

static void s_field(FILE *out, const char *field, size_t len, const s_fields *f)
{
    if (len == 4 && memcmp(field, "name", 4) == 0)
        fputs(f->name ? f->name : "", out);
    else if (len == 5 && memcmp(field, "value", 5) == 0)
        fputs(f->value ? f->value : "", out);
    else if (len == 3 && memcmp(field, "min", 3) == 0)
        fprintf(out, "%llu", f->min);
    else if (len == 3 && memcmp(field, "max", 3) == 0)
        fprintf(out, "%llu", f->max);
    else
        fprintf(out, "{%.*s}", (int)len, field); /* not a field: shown as written */
}

/* "<prog>: <template with its fields filled in>\n", then the usage when
 * with_usage. Returns the exit code of a usage error. */
static int s_refuse(const dc_opts_cmd *cmd, const char *tmpl, const s_fields *f, bool with_usage)
{
    FILE *out = cmd->diag != NULL ? cmd->diag : stderr;
    fprintf(out, "%s: ", cmd->prog);
    for (const char *p = tmpl; *p != '\0'; p++) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL;
        if (end == NULL) {
            fputc(*p, out);
            continue;
        }
        s_field(out, p + 1, (size_t)(end - p - 1), f);
        p = end;
    }
    fputc('\n', out);
    if (with_usage && cmd->usage != NULL)
        cmd->usage(cmd, out);
    return DC_EXIT_USAGE;
}

static const dc_opt *s_lookup(const dc_opts_cmd *cmd, const char *arg)
{
    for (size_t i = 0; i < cmd->nopts; i++) {
        const dc_opt *o = &cmd->opts[i];
        if (strcmp(arg, o->name) == 0 || (o->alias != NULL && strcmp(arg, o->alias) == 0))
            return o;
    }
    return NULL;
}

static bool s_takes_value(const dc_opt *o)
{
    return o->kind != DC_OPT_HELP && o->kind != DC_OPT_FLAG;
}

/* Decimal digits only after optional blanks and '+' (what strtoull reads), never '-'. */
static int s_parse_uint(const char *s, unsigned long long min, unsigned long long max, unsigned long long *out)
{
    const char *p = s;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r'))
        p++;
    if (*p == '-')
        return -1;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < min || v > max)
        return -1;
    *out = v;
    return 0;
}

static int s_store_uint(void *dest, size_t size, unsigned long long v)
{
    switch (size) {
    case 1: *(uint8_t *)dest = (uint8_t)v; return 0;
    case 2: *(uint16_t *)dest = (uint16_t)v; return 0;
    case 4: *(uint32_t *)dest = (uint32_t)v; return 0;
    case 8: *(uint64_t *)dest = (uint64_t)v; return 0;
    default: return -1;
    }
}

static int s_parse_double(const char *s, double max, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s || *end != '\0' || !(v > 0) || v > max || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* Splits a copy of value at commas into dest[] (empty items skipped). */
static int s_split_list(const dc_opt *o, const char *value)
{
    const char **dest = o->dest;
    free(*o->copy);
    *o->copy = dc_xstrdup(value);
    *o->count = 0;
    char *save = NULL;
    for (char *tok = strtok_r(*o->copy, ",", &save); tok != NULL; tok = strtok_r(NULL, ",", &save)) {
        if (*o->count == o->size)
            return -1;
        dest[(*o->count)++] = tok;
    }
    return 0;
}

/* Takes one value for o; 0, or -1 when the row refuses it. */
static int s_take(const dc_opt *o, const char *value)
{
    unsigned long long u;
    double d;
    switch (o->kind) {
    case DC_OPT_STRING: *(const char **)o->dest = value; return 0;
    case DC_OPT_APPEND:
        if (*o->count == o->size)
            return -1;
        ((const char **)o->dest)[(*o->count)++] = value;
        return 0;
    case DC_OPT_LIST: return s_split_list(o, value);
    case DC_OPT_UINT:
        if (s_parse_uint(value, o->min, o->max, &u) != 0)
            return -1;
        return s_store_uint(o->dest, o->size, u);
    case DC_OPT_DOUBLE:
        if (s_parse_double(value, o->fmax, &d) != 0)
            return -1;
        *(double *)o->dest = d;
        return 0;
    case DC_OPT_CHOICE:
        for (int i = 0; o->choices[i] != NULL; i++)
            if (strcmp(value, o->choices[i]) == 0) {
                *(int *)o->dest = i;
                return 0;
            }
        return -1;
    case DC_OPT_CALL: return o->call(value, o->dest);
    case DC_OPT_HELP:
    case DC_OPT_FLAG: break;
    }
    return -1;
}

static bool s_is_option(const dc_opts_cmd *cmd, const char *arg)
{
    if (cmd->max_positional == 0)
        return true;
    const char *prefix = cmd->option_prefix != NULL ? cmd->option_prefix : "-";
    return strncmp(arg, prefix, strlen(prefix)) == 0 && strcmp(arg, "-") != 0;
}

int dc_opts_parse(const dc_opts_cmd *cmd, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (cmd->end_of_options != NULL && strcmp(arg, cmd->end_of_options) == 0) {
            if (cmd->rest_at != NULL)
                *cmd->rest_at = i + 1;
            return DC_OPTS_CONTINUE;
        }
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        const dc_opt *o = s_lookup(cmd, arg);
        s_fields f = s_fields_of(o, arg, NULL);
        if (o == NULL && !s_is_option(cmd, arg)) {
            if (*cmd->npositional == cmd->max_positional) {
                f.value = arg;
                f.max = cmd->max_positional;
                return s_refuse(cmd, cmd->too_many, &f, false);
            }
            cmd->positional[(*cmd->npositional)++] = arg;
            continue;
        }
        if (o == NULL)
            return s_refuse(cmd, cmd->unknown_takes_value && value == NULL ? cmd->missing : cmd->unknown, &f,
                            cmd->usage_after_unknown);
        if (o->seen != NULL)
            *o->seen = true;
        if (o->kind == DC_OPT_HELP) {
            if (cmd->usage != NULL)
                cmd->usage(cmd, stdout);
            return DC_EXIT_OK;
        }
        if (o->kind == DC_OPT_FLAG) {
            *(bool *)o->dest = true;
            continue;
        }
        if (value == NULL)
            return s_refuse(cmd, cmd->missing, &f, cmd->usage_after_unknown);
        i++;
        f.value = value;
        if (s_take(o, value) != 0)
            return s_refuse(cmd, o->bad != NULL ? o->bad : "{name} {value}: not a valid value", &f, false);
    }
    return DC_OPTS_CONTINUE;
}

/* One help line: label padded to the column (two blanks at least), then the
 * text, its continuation lines indented to the column. */
static void s_help_line(FILE *out, int column, const char *label_a, const char *label_b, const char *label_c,
                        const char *text)
{
    int n = fprintf(out, "  %s%s%s", label_a, label_b, label_c);
    fprintf(out, "%*s", n + 2 > column ? 2 : column - n, "");
    for (const char *p = text; *p != '\0'; p++) {
        fputc(*p, out);
        if (*p == '\n')
            fprintf(out, "%*s", column, "");
    }
    fputc('\n', out);
}

void dc_opts_help(const dc_opts_cmd *cmd, FILE *out)
{
    if (cmd->positional_label != NULL && cmd->positional_help != NULL)
        s_help_line(out, cmd->help_column, cmd->positional_label, "", "", cmd->positional_help);
    for (size_t i = 0; i < cmd->nopts; i++) {
        const dc_opt *o = &cmd->opts[i];
        if (o->help == NULL)
            continue;
        char label[128];
        snprintf(label, sizeof label, "%s%s%s", o->alias ? o->alias : "", o->alias ? ", " : "", o->name);
        s_help_line(out, cmd->help_column, label, o->metavar && s_takes_value(o) ? " " : "",
                    o->metavar && s_takes_value(o) ? o->metavar : "", o->help);
    }
}
