/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: what the command line parsers (args*.c) share: the
 * command table's types, usage errors, and KEY VALUE pairs with their
 * value checks. Not for the rest of the tool, which sees args.h only.
 */
#ifndef IPL_ARGS_INTERNAL_H
#define IPL_ARGS_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/ipsec_latch.h>

#include "addr.h"
#include "args.h"
#include "util.h"

/* Parses what follows a verb (or a command without one). */
typedef int (*ipl_parse_fn)(struct ipl_args *a, int argc, char *argv[]);

struct ipl_usage {
	const char *synopsis;	/* after "ipsec-latchctl [OPTIONS] " */
	const char *summary;	/* one line for the command list */
};

/* An alias is an entry of its own with the same action and parser. */
struct ipl_verb {
	const char *name;
	enum ipl_action action;
	ipl_parse_fn parse;	/* NULL: takes no arguments */
};

struct ipl_cmd {
	const char *name;
	/* action without a verb (e.g. "status" is "status show") */
	enum ipl_action action;
	/* NULL-terminated, or NULL if the command has no verbs */
	const struct ipl_verb *verbs;
	/* arguments when no verb is given; NULL: takes none */
	ipl_parse_fn parse;
	/* NULL-terminated; first line of each is the command list entry */
	const struct ipl_usage *usage;
	/* details for "help COMMAND" */
	const char *help;
};

/* args_table.c: every command, in the order "help" lists them. */
extern const struct ipl_cmd ipl_cmds[];
extern const size_t ipl_n_cmds;
/* the global options, for the usage */
extern const char ipl_options_help[];

/* a->err from fmt; returns -1. */
int ipl_usage_error(struct ipl_args *a, const char *fmt, ...) __printf(2, 3);
/* Show the usage of cmd (NULL: all) instead of running; returns 0. */
int ipl_want_help(struct ipl_args *a, const struct ipl_cmd *cmd);
bool ipl_is_help_opt(const char *s);
/* "-x", "--x": anything but "-" */
bool ipl_is_option(const char *arg);
/* An option after the command; vname: the verb it follows, or NULL. */
int ipl_bad_option(struct ipl_args *a, const char *vname, const char *arg);

/*
 * Positional arguments: -h or --help anywhere asks for help (*help set,
 * returns 0), other options are refused.
 */
int ipl_positional(struct ipl_args *a, const char *vname, int argc,
		   char *argv[], bool *help);

/*
 * KEY VALUE pairs, each key at most once (under its name or its alias).
 * A free-text value (free) may look like an option; others that do are
 * refused as such.
 */
struct ipl_key {
	const char *name;
	const char *alias;	/* the same key by another name, or NULL */
	const char *value;	/* what the value is, for messages */
	bool free;
};

/* Store val of keys[key]; 0, or -1 after ipl_usage_error(). */
typedef int (*ipl_set_fn)(struct ipl_args *a, const char *where, int key,
			  const char *val);

/*
 * Parse argc/argv as pairs of keys (NULL-terminated). where: the command
 * for messages ("template add listener"); vname: the verb, for option
 * errors; unknown: what an unknown key is called ("keyword"); known_as:
 * how to introduce the list of keys (NULL: "known").
 */
int ipl_parse_pairs(struct ipl_args *a, const char *where, const char *vname,
		    const struct ipl_key *keys, const char *unknown,
		    const char *known_as, int argc, char *argv[],
		    ipl_set_fn set);

/* Values; each 0, or -1 after a usage error that names key (or where). */
int ipl_set_proto(struct ipl_args *a, const char *where, const char *val,
		  uint8_t *proto);
int ipl_set_addr(struct ipl_args *a, const char *where, const char *key,
		 const char *val, struct ipl_addr *addr);
int ipl_set_port(struct ipl_args *a, const char *where, const char *key,
		 const char *val, uint16_t *port);
int ipl_set_reqid(struct ipl_args *a, const char *where, const char *val,
		  uint32_t *reqid);
/* fallback MS, 1..IPSEC_LATCH_FALLBACK_MS_MAX, as the module takes it */
int ipl_set_fallback(struct ipl_args *a, const char *where, const char *val,
		     uint32_t *ms);
/* Both addresses, when given, must be of one family. */
int ipl_same_family(struct ipl_args *a, const char *where,
		    const struct ipl_addr *local,
		    const struct ipl_addr *remote);

/* The selectors' value descriptions, shared by templates and latches. */
#define IPL_ADDR_VALUE	"an IPv4 or IPv6 address"
#define IPL_PORT_VALUE	"a port number 1..65535"

/* IPSEC_LATCH_FALLBACK_MS_MAX as a string literal */
#define IPL_STR_(x)		#x
#define IPL_STR(x)		IPL_STR_(x)
#define IPL_FALLBACK_RANGE	"1.." IPL_STR(IPSEC_LATCH_FALLBACK_MS_MAX)
/* fallback's value: of templates and of transparent mode alike */
#define IPL_FALLBACK_VALUE	"milliseconds, " IPL_FALLBACK_RANGE

/* The parsers of the command table, by file. */
int ipl_parse_help(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_resolve_set(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_latch_transparent(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_latch_requests(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_template_add(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_template_replace(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_template_del(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_latch(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_latch_list(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_who(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_identity_set(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_identity_del(struct ipl_args *a, int argc, char *argv[]);
int ipl_parse_monitor(struct ipl_args *a, int argc, char *argv[]);

#endif /* IPL_ARGS_INTERNAL_H */
