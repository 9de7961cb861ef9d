/* sources.h - the project's catalogue of sources (docs/sources.md) as the
 * HTML report uses it: a case's source with each [S:<id>] linked to its
 * entry, and the cited entries written into the page itself, so a reader
 * who doubts a verdict can follow it without the repository. */
#ifndef DC_SUITE_SOURCES_H
#define DC_SUITE_SOURCES_H

#include <stddef.h>

#include "core/common.h"

typedef struct dc_sources dc_sources;

/* Reads <data_dir>/docs/sources.md and the area files docs/sources/<area>.md; NULL
 * when docs/sources.md is absent or unreadable (a report without the
 * catalogue shows the ids as plain text). */
dc_sources *dc_sources_load(const char *data_dir);
/* From the catalogue's text (the entries are its "### [S:<id>] title" headings). */
dc_sources *dc_sources_parse(const char *text, size_t len);
void dc_sources_free(dc_sources *s);
size_t dc_sources_count(const dc_sources *s);

/* Appends text as HTML with secrets removed; each [S:<id>] that has an entry
 * becomes a link to #src-<id> and marks the entry used. s may be NULL. */
void dc_sources_html_cite(dc_sources *s, dc_buf *out, const char *text, const char *const *secrets, size_t nsecrets);

/* Appends <section id="sources"> with every used entry and the entries they
 * refer to (id, title, text with its links), in catalogue order; nothing when
 * none was used or s is NULL. */
void dc_sources_html_used(dc_sources *s, dc_buf *out);

#endif
