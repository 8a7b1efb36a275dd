// SPDX-License-Identifier: LGPL-2.1-or-later
/* Line numbers for paths in a JSON text (json_pos.h). */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "cxl/json_pos.h"

#define MAX_NEST 64
#define MAX_PATH 2048

struct level {
	char kind;     /* '{' or '[' */
	size_t len;    /* length of this container's own path */
	long index;    /* '[': the element being read */
	bool want_key; /* '{': the next string is a key */
	char key[128]; /* '{': the member being read */
};

/* Skip a string starting at the quote @p; copy up to @n - 1 of its bytes into @out. */
static const char *skip_string(const char *p, char *out, size_t n)
{
	size_t k = 0;

	for (p++; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1])
			p++;
		if (out && k + 1 < n)
			out[k++] = *p;
	}
	if (out && n)
		out[k] = '\0';
	return *p ? p + 1 : p;
}

int cxl_json_line_of(const char *text, const char *path)
{
	struct level st[MAX_NEST];
	char cur[MAX_PATH];
	int depth = 0, line = 1;
	const char *p = text;

	while (*p) {
		struct level *top = depth ? &st[depth - 1] : NULL;
		char c = *p;
		size_t base;

		if (c == '\n')
			line++;
		if (c == '\n' || c == ' ' || c == '\t' || c == '\r' || c == ':') {
			p++;
			continue;
		}
		if (c == ',') {
			if (top && top->kind == '[')
				top->index++;
			else if (top)
				top->want_key = true;
			p++;
			continue;
		}
		if (c == '}' || c == ']') {
			if (depth)
				depth--;
			p++;
			continue;
		}
		if (c == '"' && top && top->kind == '{' && top->want_key) {
			p = skip_string(p, top->key, sizeof(top->key));
			top->want_key = false;
			continue;
		}
		/* A value starts here: build its path and compare. */
		base = top ? top->len : 0;
		cur[base] = '\0';
		if (top && top->kind == '[')
			snprintf(cur + base, sizeof(cur) - base, "[%ld]", top->index);
		else if (top)
			snprintf(cur + base, sizeof(cur) - base, ".%s", top->key);
		if (!strcmp(cur, path))
			return line;
		if (c == '{' || c == '[') {
			if (depth == MAX_NEST)
				return 1;
			st[depth] = (struct level){ .kind = c,
						    .len = strlen(cur),
						    .want_key = c == '{' };
			depth++;
			p++;
		} else if (c == '"') {
			p = skip_string(p, NULL, 0);
		} else {
			while (*p && !strchr(",}] \t\r\n", *p))
				p++;
		}
	}
	return 1;
}

/* ---- parsing with positions ---- */

struct key_seen {
	const char *at; /* the key's bytes, between its quotes */
	size_t len;
	int line;
};

struct obj_keys {
	struct key_seen *keys;
	size_t nr, cap;
};

/* The end of the string whose opening quote is @p (the closing quote, or the NUL). */
static const char *string_end(const char *p)
{
	for (p++; *p && *p != '"'; p++)
		if (*p == '\\' && p[1])
			p++;
	return p;
}

/*
 * A key given twice in one object of @text (already parsed, so well formed):
 * json-c keeps the last one silently.  Keys are compared as written.
 */
static int duplicate_key(const char *text, int *line, int *first, char *key, size_t keylen)
{
	struct obj_keys st[MAX_NEST] = { 0 };
	bool in_obj[MAX_NEST] = { false }, want_key[MAX_NEST] = { false };
	int depth = 0, ln = 1, found = 0, d;
	const char *p = text;

	for (; *p && !found; p++) {
		char c = *p;

		if (c == '\n') {
			ln++;
		} else if (c == '{' || c == '[') {
			if (depth == MAX_NEST)
				break;
			in_obj[depth] = c == '{';
			want_key[depth] = c == '{';
			st[depth].nr = 0;
			depth++;
		} else if (c == '}' || c == ']') {
			if (depth)
				depth--;
		} else if (c == ',') {
			if (depth && in_obj[depth - 1])
				want_key[depth - 1] = true;
		} else if (c == '"') {
			const char *end = string_end(p);
			struct obj_keys *o = depth ? &st[depth - 1] : NULL;
			size_t i, len = (size_t)(end - p - 1);

			if (o && want_key[depth - 1]) {
				want_key[depth - 1] = false;
				for (i = 0; i < o->nr; i++) {
					if (o->keys[i].len != len || memcmp(o->keys[i].at, p + 1, len))
						continue;
					*line = ln;
					*first = o->keys[i].line;
					snprintf(key, keylen, "%.*s", (int)(len > 64 ? 64 : len), p + 1);
					found = 1;
					break;
				}
				if (!found && o->nr == o->cap) {
					size_t ncap = o->cap ? 2 * o->cap : 16;
					struct key_seen *n = realloc(o->keys, ncap * sizeof(*n));

					if (!n) {
						found = -1;
						break;
					}
					o->keys = n;
					o->cap = ncap;
				}
				if (!found)
					o->keys[o->nr++] = (struct key_seen){ p + 1, len, ln };
			}
			p = *end ? end : end - 1;
		}
	}
	for (d = 0; d < MAX_NEST; d++)
		free(st[d].keys);
	return found;
}

/*
 * Where @text (@len bytes) stops being UTF-8 (RFC 3629: no overlong forms,
 * no surrogates, nothing above U+10FFFF), or @len.  json-c's own check lets
 * encoded surrogates through.
 */
static size_t utf8_end(const unsigned char *text, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = text[i];
		unsigned int cp, n, k;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf)
			n = 1, cp = c & 0x1f;
		else if (c >= 0xe0 && c <= 0xef)
			n = 2, cp = c & 0x0f;
		else if (c >= 0xf0 && c <= 0xf4)
			n = 3, cp = c & 0x07;
		else
			return i;
		if (len - i <= n)
			return i;
		for (k = 1; k <= n; k++) {
			if ((text[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (text[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

struct json_object *cxl_json_parse(const char *name, const char *text, size_t len, char *err,
				   size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *root;
	enum json_tokener_error jerr;
	size_t at, i;
	int line = 1, col = 1, first;
	char key[80];

	for (i = 0; i < len && isspace((unsigned char)text[i]); i++)
		;
	if (i == len) {
		snprintf(err, errlen, "%s:1: the file is empty", name);
		return NULL;
	}
	at = utf8_end((const unsigned char *)text, len);
	if (at < len) {
		for (i = 0; i < at; i++) {
			col++;
			if (text[i] == '\n') {
				line++;
				col = 1;
			}
		}
		snprintf(err, errlen, "%s:%d:%d: not JSON: text that is not UTF-8", name, line,
			 col);
		return NULL;
	}
	tok = json_tokener_new();
	if (!tok) {
		snprintf(err, errlen, "%s: out of memory", name);
		return NULL;
	}
	/* Strict JSON (json-c would take trailing commas and the like), UTF-8 only. */
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8);
	root = json_tokener_parse_ex(tok, text, (int)len);
	jerr = json_tokener_get_error(tok);
	at = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	i = len;
	if (root && jerr == json_tokener_success)
		for (i = at; i < len && isspace((unsigned char)text[i]); i++)
			;
	if (!root || jerr != json_tokener_success || i < len) {
		const char *why = jerr == json_tokener_success ? "text after the end" :
				  jerr == json_tokener_continue ? "the file ends inside a value" :
				  jerr == json_tokener_error_parse_utf8_string ?
								  "a string that is not UTF-8" :
								  json_tokener_error_desc(jerr);

		if (jerr == json_tokener_success)
			at = i;
		for (i = 0; i < at && i < len; i++) {
			col++;
			if (text[i] == '\n') {
				line++;
				col = 1;
			}
		}
		snprintf(err, errlen, "%s:%d:%d: not JSON: %s", name, line, col, why);
		json_object_put(root);
		return NULL;
	}
	switch (duplicate_key(text, &line, &first, key, sizeof(key))) {
	case 0:
		return root;
	case 1:
		snprintf(err, errlen, "%s:%d: \"%s\" is given twice in one object (first on line %d)",
			 name, line, key, first);
		break;
	default:
		snprintf(err, errlen, "%s: out of memory", name);
	}
	json_object_put(root);
	return NULL;
}

char *cxl_json_read_file(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	struct stat st;
	char *buf;
	size_t n;

	if (!f) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory, not a file", path);
		fclose(f);
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf) {
		snprintf(err, errlen, "%s: out of memory", path);
		fclose(f);
		return NULL;
	}
	n = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: cannot read: %s", path, strerror(errno));
		goto fail;
	}
	if (n > max) {
		snprintf(err, errlen, "%s: larger than %zu bytes", path, max);
		goto fail;
	}
	buf[n] = '\0';
	if (strlen(buf) != n) {
		snprintf(err, errlen, "%s:1: not JSON: it contains a NUL byte", path);
		goto fail;
	}
	fclose(f);
	*len = n;
	return buf;
fail:
	fclose(f);
	free(buf);
	return NULL;
}
