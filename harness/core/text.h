/* text.h - text that leaves the tool for a person: redaction of secrets, and
 * the one escaper for every HTML page and XML file it writes (report.html,
 * junit.xml, the matrix page of `ddbconform report`).
 *
 * One rule for markup, valid in HTML text, HTML attribute values and XML 1.0
 * alike:
 *   & < > " '  ->  &amp; &lt; &gt; &quot; &#39;   (&#39;, not &apos;: HTML 4 lacks it)
 *   bytes that are not UTF-8                  ->  U+FFFD, one per bad byte
 *   NUL, the other C0 controls but \t and \n,
 *   and DEL                                   ->  U+FFFD (XML 1.0 forbids most of
 *                                                 them, HTML calls them errors)
 * The input carries its length and is never cut short: a NUL is shown, not an
 * end (protocol text may hold U+0000). */
#ifndef DC_TEXT_H
#define DC_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "core/common.h"

#define DC_TEXT_REDACTED "<redacted>"

/* Appends text[0..len) to out with secrets replaced by DC_TEXT_REDACTED:
 *  - the value of every line that starts with "Authorization:" or
 *    "X-Amz-Security-Token:" (any case), up to the end of the line;
 *  - the hex digits after "Signature=" anywhere (error texts echo the
 *    Authorization header);
 *  - every occurrence of one of secrets[0..nsecrets) (borrowed, NUL-terminated;
 *    empty ones are ignored). */
void dc_text_redact(dc_buf *out, const char *text, size_t len, const char *const *secrets, size_t nsecrets);

/* Appends text[0..len) to out escaped by the rule at the top of this file. */
void dc_text_markup(dc_buf *out, const char *text, size_t len);

/* dc_text_redact, then dc_text_markup: what every report page shows. */
void dc_text_markup_redacted(dc_buf *out, const char *text, size_t len, const char *const *secrets, size_t nsecrets);

/* Appends text[0..len) to out with every byte that is not part of valid UTF-8
 * replaced by U+FFFD (one per bad byte); everything else is copied as it is. */
void dc_text_utf8_repair(dc_buf *out, const uint8_t *text, size_t len);

#endif
