// SPDX-License-Identifier: LGPL-2.1-or-later
/* Line numbers for paths in a JSON text (json_pos.h). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
