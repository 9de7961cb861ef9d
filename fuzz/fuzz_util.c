/* fuzz_util.c - helpers shared by the fuzz targets (see fuzz_util.h). */
#include "fuzz_util.h"

#include <string.h>

#include "core/datadir.h"
#include "core/common.h"

static char *s_text(const uint8_t *p, size_t n)
{
    const uint8_t *nul = memchr(p, 0, n);
    return dc_xstrndup((const char *)p, nul ? (size_t)(nul - p) : n);
}

/* Next line of [*p, end): returns its length without "\r\n" / "\n"; moves *p
 * past the line end. *ended says whether a '\n' was found. */
static size_t s_line(const uint8_t **p, const uint8_t *end, const uint8_t **start, bool *ended)
{
    *start = *p;
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    *ended = nl != NULL;
    const uint8_t *stop = nl ? nl : end;
    *p = nl ? nl + 1 : end;
    size_t n = (size_t)(stop - *start);
    if (n > 0 && (*start)[n - 1] == '\r')
        n--;
    return n;
}

void fz_message_parse(const uint8_t *data, size_t len, fz_message *m)
{
    memset(m, 0, sizeof *m);
    const uint8_t *p = data, *end = data + len, *line = NULL;
    bool ended = false;
    size_t n = s_line(&p, end, &line, &ended);
    m->first = s_text(line, n);
    while (ended && p < end) {
        n = s_line(&p, end, &line, &ended);
        if (n == 0)
            break;
        if (m->nheaders == FZ_MAX_HEADERS) {
            m->header_overflow = true;
            continue;
        }
        const uint8_t *colon = memchr(line, ':', n);
        size_t nl = colon ? (size_t)(colon - line) : n;
        const uint8_t *v = colon ? colon + 1 : line + n;
        const uint8_t *vend = line + n;
        while (v < vend && (*v == ' ' || *v == '\t'))
            v++;
        m->names[m->nheaders] = s_text(line, nl);
        m->values[m->nheaders] = s_text(v, (size_t)(vend - v));
        m->nheaders++;
    }
    m->body = p;
    m->body_len = (size_t)(end - p);
}

void fz_message_free(fz_message *m)
{
    free(m->first);
    for (size_t i = 0; i < m->nheaders; i++) {
        free(m->names[i]);
        free(m->values[i]);
    }
    memset(m, 0, sizeof *m);
}

void fz_request_line(fz_message *m, const char **method, const char **path, const char **query)
{
    char *sp = strchr(m->first, ' ');
    *method = m->first;
    *path = "/";
    *query = NULL;
    if (sp == NULL)
        return;
    *sp = '\0';
    *path = sp + 1;
    char *q = strchr(sp + 1, '?');
    if (q != NULL) {
        *q = '\0';
        *query = q + 1;
    }
}

const char *fz_data_dir(void)
{
    return dc_data_dir();
}

const dc_spec *fz_spec(void)
{
    static dc_spec *spec;
    if (spec == NULL) {
        dc_err err;
        if (dc_spec_load(fz_data_dir(), &spec, &err) != 0) {
            fprintf(stderr, "fuzz: cannot load spec/ from %s (set DDBCONFORM_HOME to the source tree): %s\n",
                    fz_data_dir(), err.msg);
            abort();
        }
    }
    return spec;
}

size_t fz_take_u16(const uint8_t **data, size_t *len)
{
    if (*len < 2)
        return 0;
    size_t v = ((size_t)(*data)[0] << 8) | (*data)[1];
    *data += 2;
    *len -= 2;
    return v;
}
