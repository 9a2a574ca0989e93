/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: command line parsing and usage text.
 *
 * Pure: no netlink, no output except usage printing into a given stream,
 * so that it can be unit tested.
 *
 * Command line: ipsec-latchctl [GLOBAL-OPTIONS] COMMAND [VERB] [ARGS...]
 * The command table in args.c maps COMMAND and VERB to an action; main.c
 * maps each action to the function that runs it. To add a subcommand: add
 * an action below, a verb (or command) entry with its usage in args.c, an
 * argument parser if it takes arguments (results go into struct ipl_args),
 * and a runner in main.c.
 */
#ifndef IPL_ARGS_H
#define IPL_ARGS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "addr.h"
#include "latch.h"
#include "template.h"

enum ipl_action {
	IPL_ACT_HELP,		/* print usage of ->cmd (NULL: global) */
	IPL_ACT_TOOL_VERSION,	/* -V: tool version, no netlink */
	IPL_ACT_VERSION,	/* version: tool and module version */
	IPL_ACT_STATUS_SHOW,	/* status [show] */
	IPL_ACT_STATUS_RESET,	/* status reset */
	IPL_ACT_RESOLVE_LIST,	/* resolve [list] */
	IPL_ACT_RESOLVE_STATS,	/* resolve stats */
	IPL_ACT_RESOLVE_SET,	/* resolve set mode MODE */
	IPL_ACT_MONITOR,	/* monitor */
	IPL_ACT_TEMPLATE_LIST,	/* template [list] */
	IPL_ACT_TEMPLATE_ADD,	/* template add KIND ... */
	IPL_ACT_TEMPLATE_DEL,	/* template del ID */
	IPL_ACT_TEMPLATE_FLUSH,	/* template flush */
	IPL_ACT_TEMPLATE_CHECK,	/* template check */
	IPL_ACT_LATCH_LIST,	/* latch [list] [SELECTOR...] */
	IPL_ACT_LATCH_TRANSPARENT, /* latch transparent MODE [fallback MS] */
	IPL_ACT_LATCH_STATS,	/* latch stats */
	IPL_ACT_WHO,		/* who PROTO LOCAL REMOTE | who PID/FD */
	IPL_ACT_IDENTITY_LIST,	/* identity [list] */
	IPL_ACT_IDENTITY_SET,	/* identity set peer ADDR reqid N id ID */
	IPL_ACT_IDENTITY_DEL,	/* identity del peer ADDR reqid N */

	IPL_ACT_COUNT
};

struct ipl_cmd;

#define IPL_ERR_LEN	160

struct ipl_args {
	/* global options */
	bool json;		/* -j, --json */
	const char *netns;	/* -n, --netns; NULL: current netns */

	enum ipl_action action;
	/* command the action belongs to; for HELP the topic (NULL: all) */
	const struct ipl_cmd *cmd;

	/* Arguments of subcommands that take some. */
	union {
		struct {
			bool has_mode;
			uint32_t mode;	/* enum ipsec_latch_mode */
		} resolve_set;
		/*
		 * What the command line gave (->present); ACTION always set.
		 * A listener without a local address has no FAMILY either:
		 * the runner adds one template per family.
		 */
		struct ipl_tmpl template_add;
		struct {
			uint32_t id;
		} template_del;
		/* selectors given; peer_id points into argv */
		struct ipl_latch_filter latch_list;
		struct {
			uint8_t mode;	/* enum ipsec_latch_transparent */
			bool has_fallback;
			uint32_t fallback_ms;
		} latch_transparent;
		struct {
			bool by_fd;		/* PID/FD, else flow */
			int pid;
			int fd;
			struct ipl_latch_filter flow;	/* exactly one flow */
		} who;
		/* identity set and del (id NULL) */
		struct {
			struct ipl_addr peer;
			uint32_t reqid;
			const char *id;
		} identity;
	};

	/* set when ipl_args_parse() fails */
	char err[IPL_ERR_LEN];
};

/*
 * Parse argv (argv[0] is the program name). Returns 0 on success, or -1 on
 * a usage error: a->err holds the message (without program name) and
 * a->cmd the command whose usage should be shown (NULL: global usage).
 * Pointers in *a point into argv.
 */
int ipl_args_parse(struct ipl_args *a, int argc, char *argv[]);

/* Print usage of cmd, or the global usage if cmd is NULL. */
void ipl_usage(FILE *f, const struct ipl_cmd *cmd);

/* Command lookup by exact name; NULL if unknown. */
const struct ipl_cmd *ipl_cmd_find(const char *name);
const char *ipl_cmd_name(const struct ipl_cmd *cmd);

#endif /* IPL_ARGS_H */
