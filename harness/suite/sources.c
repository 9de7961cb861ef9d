/* sources.c - docs/sources.md for the HTML report (see sources.h). The
 * catalogue's format is the one tools/check-sources.py checks: an entry is a
 * "### [S:<id>] title" heading and the lines up to the next heading. */
#include "suite/sources.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/text.h"

#define S_MAX_FILE (4u << 20)
#define S_HEAD "### [S:"

typedef struct {
    char *id;
    char *title;
    char *text; /* the entry's lines, trimmed of blank ones at either end */
    bool used;
} s_entry;

struct dc_sources {
    s_entry *entries;
    size_t n;
};

static bool s_id_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

/* Length of the id at p when p starts "[S:<id>]", else 0. */
static size_t s_cite_at(const char *p, const char *end, const char **id)
{
    if (end - p < 5 || memcmp(p, "[S:", 3) != 0)
        return 0;
    const char *q = p + 3;
    while (q < end && s_id_char(*q))
        q++;
    if (q == p + 3 || q >= end || *q != ']')
        return 0;
    *id = p + 3;
    return (size_t)(q - (p + 3));
}

static s_entry *s_find(dc_sources *s, const char *id, size_t len)
{
    for (size_t i = 0; s != NULL && i < s->n; i++)
        if (strlen(s->entries[i].id) == len && memcmp(s->entries[i].id, id, len) == 0)
            return &s->entries[i];
    return NULL;
}

static void s_finish(s_entry *e, const char *from, const char *to)
{
    while (from < to && (*from == '\n' || *from == '\r'))
        from++;
    while (to > from && (to[-1] == '\n' || to[-1] == '\r' || to[-1] == ' '))
        to--;
    e->text = dc_xstrndup(from, (size_t)(to - from));
}

dc_sources *dc_sources_parse(const char *text, size_t len)
{
    dc_sources *s = dc_xcalloc(1, sizeof *s);
    const char *end = text + len, *body = NULL;
    s_entry *open = NULL;
    for (const char *line = text; line < end;) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *eol = nl ? nl : end;
        if (eol - line > 1 && line[0] == '#') { /* any heading ends the open entry */
            if (open != NULL)
                s_finish(open, body, line);
            open = NULL;
            const char *id;
            size_t idlen = s_cite_at(line + 4, eol, &id);
            if ((size_t)(eol - line) > strlen(S_HEAD) && memcmp(line, S_HEAD, strlen(S_HEAD)) == 0 && idlen > 0 &&
                s_find(s, id, idlen) == NULL) {
                s->entries = dc_xrealloc(s->entries, (s->n + 1) * sizeof *s->entries);
                open = &s->entries[s->n++];
                const char *title = id + idlen + 1;
                while (title < eol && *title == ' ')
                    title++;
                *open = (s_entry){dc_xstrndup(id, idlen), dc_xstrndup(title, (size_t)(eol - title)), NULL, false};
                body = nl ? nl + 1 : end;
            }
        }
        line = nl ? nl + 1 : end;
    }
    if (open != NULL)
        s_finish(open, body, end);
    return s;
}

static int s_cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the area files docs/sources/<area>.md, in name order, to b. */
static void s_read_areas(const char *data_dir, dc_buf *b)
{
    char *dir = dc_strf("%s/docs/sources", data_dir);
    DIR *d = opendir(dir);
    char **names = NULL;
    size_t n = 0;
    for (struct dirent *e; d != NULL && (e = readdir(d)) != NULL;) {
        size_t len = strlen(e->d_name);
        if (len > 3 && e->d_name[0] != '.' && strcmp(e->d_name + len - 3, ".md") == 0) {
            names = dc_xrealloc(names, (n + 1) * sizeof *names);
            names[n++] = dc_xstrdup(e->d_name);
        }
    }
    if (d != NULL)
        closedir(d);
    if (n > 1)
        qsort(names, n, sizeof *names, s_cmp_name);
    for (size_t i = 0; i < n; i++) {
        char *path = dc_strf("%s/%s", dir, names[i]);
        dc_buf area;
        dc_buf_init(&area);
        dc_err err;
        if (dc_read_file(path, S_MAX_FILE, &area, &err) == 0) { /* an unreadable area: its ids stay plain text */
            dc_buf_putc(b, '\n');
            dc_buf_append(b, area.data, area.len);
        }
        dc_buf_free(&area);
        free(path);
        free(names[i]);
    }
    free(names);
    free(dir);
}

dc_sources *dc_sources_load(const char *data_dir)
{
    char *path = dc_strf("%s/docs/sources.md", data_dir);
    dc_buf b;
    dc_buf_init(&b);
    dc_err err;
    dc_sources *s = NULL;
    if (dc_read_file(path, S_MAX_FILE, &b, &err) == 0) {
        s_read_areas(data_dir, &b);
        s = dc_sources_parse(b.data ? (const char *)b.data : "", b.len);
    }
    dc_buf_free(&b);
    free(path);
    return s;
}

void dc_sources_free(dc_sources *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->entries[i].id);
        free(s->entries[i].title);
        free(s->entries[i].text);
    }
    free(s->entries);
    free(s);
}

size_t dc_sources_count(const dc_sources *s)
{
    return s ? s->n : 0;
}

void dc_sources_html_cite(dc_sources *s, dc_buf *out, const char *text, const char *const *secrets, size_t nsecrets)
{
    if (text == NULL)
        return;
    const char *end = text + strlen(text), *plain = text;
    for (const char *p = text; p < end; p++) {
        const char *id;
        size_t idlen = *p == '[' ? s_cite_at(p, end, &id) : 0;
        s_entry *e = idlen ? s_find(s, id, idlen) : NULL;
        if (e == NULL)
            continue;
        dc_text_markup_redacted(out, plain, (size_t)(p - plain), secrets, nsecrets);
        dc_buf_printf(out, "<a class=\"src\" href=\"#src-%s\" title=\"", e->id);
        dc_text_markup(out, e->title, strlen(e->title));
        dc_buf_printf(out, "\">[S:%s]</a>", e->id);
        e->used = true;
        p += idlen + 3; /* the loop's p++ steps over the ']' */
        plain = p + 1;
    }
    dc_text_markup_redacted(out, plain, (size_t)(end - plain), secrets, nsecrets);
}

/* The entry's text as HTML: escaped, its https:// addresses and [S:<id>]
 * references to other entries made links. */
static void s_html_text(dc_sources *s, dc_buf *out, const char *text)
{
    const char *end = text + strlen(text), *plain = text;
    for (const char *p = text; p < end; p++) {
        const char *id;
        size_t n = 0;
        if (*p == 'h' && (size_t)(end - p) > 8 && memcmp(p, "https://", 8) == 0) {
            while (p + n < end && p[n] != ' ' && p[n] != '\n' && p[n] != ')' && p[n] != '`')
                n++;
            while (n > 8 && (p[n - 1] == '.' || p[n - 1] == ',' || p[n - 1] == ';'))
                n--;
            dc_text_markup(out, plain, (size_t)(p - plain));
            dc_buf_puts(out, "<a href=\"");
            dc_text_markup(out, p, n);
            dc_buf_puts(out, "\">");
            dc_text_markup(out, p, n);
            dc_buf_puts(out, "</a>");
        } else if (*p == '[' && (n = s_cite_at(p, end, &id)) > 0 && s_find(s, id, n) != NULL) {
            dc_text_markup(out, plain, (size_t)(p - plain));
            dc_buf_puts(out, "<a class=\"src\" href=\"#src-");
            dc_text_markup(out, id, n);
            dc_buf_puts(out, "\">");
            dc_text_markup(out, p, n + 4);
            dc_buf_puts(out, "</a>");
            n += 4;
        } else {
            continue;
        }
        p += n - 1;
        plain = p + 1;
    }
    dc_text_markup(out, plain, (size_t)(end - plain));
}

/* An entry the page shows may refer to others: those are shown too. */
static void s_mark_referred(dc_sources *s)
{
    for (bool more = true; more;) {
        more = false;
        for (size_t i = 0; i < s->n; i++) {
            if (!s->entries[i].used)
                continue;
            const char *t = s->entries[i].text, *end = t + strlen(t), *id;
            for (const char *p = strstr(t, "[S:"); p != NULL; p = strstr(p + 1, "[S:")) {
                size_t n = s_cite_at(p, end, &id);
                s_entry *e = n ? s_find(s, id, n) : NULL;
                if (e != NULL && !e->used)
                    e->used = more = true;
            }
        }
    }
}

void dc_sources_html_used(dc_sources *s, dc_buf *out)
{
    if (s == NULL)
        return;
    s_mark_referred(s);
    size_t used = 0;
    for (size_t i = 0; i < s->n; i++)
        used += s->entries[i].used;
    if (used == 0)
        return;
    dc_buf_printf(out,
                  "<section id=\"sources\"><h2>Sources cited above (%zu)</h2>\n<p class=\"muted\">The facts the "
                  "expectations rest on, from the project's catalogue docs/sources.md, with their public "
                  "sources.</p>\n",
                  used);
    for (size_t i = 0; i < s->n; i++) {
        const s_entry *e = &s->entries[i];
        if (!e->used)
            continue;
        dc_buf_printf(out, "<div class=\"source\" id=\"src-%s\"><h3><code>[S:%s]</code> ", e->id, e->id);
        dc_text_markup(out, e->title, strlen(e->title));
        dc_buf_puts(out, "</h3>\n<pre>");
        s_html_text(s, out, e->text);
        dc_buf_puts(out, "</pre></div>\n");
    }
    dc_buf_puts(out, "</section>\n");
}
