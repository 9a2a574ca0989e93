// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: abbreviated words, see match.h.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "match.h"

static bool starts(const char *name, const char *word)
{
	return *word && !strncmp(name, word, strlen(word));
}

/* Whether an earlier choice that word starts stands for the same. */
static bool seen(const char *word, const struct ipl_choice *c, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (c[j].what == c[i].what && starts(c[j].name, word))
			return true;
	return false;
}

int ipl_match(const char *word, const struct ipl_choice *c, size_t n,
	      char *cands, size_t len)
{
	int found = IPL_MATCH_NONE;
	size_t i, used = 0;

	if (len)
		cands[0] = '\0';
	for (i = 0; i < n; i++)
		if (!strcmp(c[i].name, word))
			return i;
	for (i = 0; i < n; i++) {
		if (!starts(c[i].name, word) || seen(word, c, i))
			continue;
		found = found == IPL_MATCH_NONE ? (int)i : IPL_MATCH_AMBIGUOUS;
		if (used < len)
			used += snprintf(cands + used, len - used, "%s%s",
					 used ? ", " : "", c[i].name);
	}
	return found;
}
