/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: command line parsing and usage text.
 *
 * Pure: no netlink, no output except usage printing into a given stream,
 * so that it can be unit tested.
 *
 * Command line: ipsec-latchctl [GLOBAL-OPTIONS] COMMAND [VERB] [ARGS...]
 * The command table in args_table.c maps COMMAND and VERB (or any
 * unambiguous prefix, or an alias such as "ls") to an action; main.c maps
 * each action to the function that runs it. To add a subcommand: add an
 * action below, a verb (or command) entry with its usage in args_table.c,
 * an argument parser if it takes arguments (results go into struct
 * ipl_args; see args_internal.h for the helpers), and a runner in main.c.
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
	IPL_ACT_BATCH,		/* -b FILE: one command per line */
	IPL_ACT_STATUS_SHOW,	/* status [show] */
	IPL_ACT_STATUS_RESET,	/* status reset */
	IPL_ACT_RESOLVE_LIST,	/* resolve [list] */
	IPL_ACT_RESOLVE_STATS,	/* resolve stats */
	IPL_ACT_RESOLVE_SET,	/* resolve set mode MODE */
	IPL_ACT_MONITOR,	/* monitor [OBJECT]... [event NAME]... */
	IPL_ACT_TEMPLATE_LIST,	/* template [list] */
	IPL_ACT_TEMPLATE_ADD,	/* template add KIND ... */
	IPL_ACT_TEMPLATE_REPLACE, /* template replace KIND ... */
	IPL_ACT_TEMPLATE_DEL,	/* template del ID | del KIND ... */
	IPL_ACT_TEMPLATE_FLUSH,	/* template flush */
	IPL_ACT_TEMPLATE_CHECK,	/* template check */
	IPL_ACT_LATCH_LIST,	/* latch [list] [SELECTOR...] */
	IPL_ACT_LATCH_TRANSPARENT, /* latch transparent MODE [fallback MS] */
	IPL_ACT_LATCH_REQUESTS,	/* latch requests { on | off } */
	IPL_ACT_LATCH_STATS,	/* latch stats */
	IPL_ACT_WHO,		/* who PROTO LOCAL REMOTE | who PID/FD */
	IPL_ACT_IDENTITY_LIST,	/* identity [list] */
	IPL_ACT_IDENTITY_SET,	/* identity set peer ADDR reqid N id ID */
	IPL_ACT_IDENTITY_DEL,	/* identity del peer ADDR reqid N */

	IPL_ACT_COUNT
};

struct ipl_cmd;

#define IPL_ERR_LEN	256

/*
 * Which events "monitor" prints: those of the kinds set (neither: both)
 * and, if ->events is not 0, of the types in it.
 */
struct ipl_monitor_filter {
	bool res;		/* resolution events */
	bool latch;		/* latch events */
	uint32_t events;	/* 1 << enum ipsec_latch_event */
};

/* Whether f lets through an event of type event (latch or resolution). */
bool ipl_monitor_wants(const struct ipl_monitor_filter *f, bool latch,
		       uint64_t event);

struct ipl_args {
	/* global options */
	bool json;		/* -j, --json */
	const char *netns;	/* -n, --netns; NULL: current netns */
	bool timestamp;		/* -t, --timestamp: monitor's events */
	const char *batch;	/* -b, --batch FILE ("-": stdin) */
	bool force;		/* -force, --force: a batch goes on */
	bool in_batch;		/* a line of a batch file, not the command line */

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
		 * add, replace, and del by selector: what the command line
		 * gave (t.present); ACTION always set. A listener without a
		 * local address has no FAMILY either: the runner acts on one
		 * template per family. del by ID: id, else 0.
		 */
		struct {
			struct ipl_tmpl t;
			uint32_t id;
		} template;
		/* selectors given; peer_id points into argv */
		struct ipl_latch_filter latch_list;
		struct {
			uint8_t mode;	/* enum ipsec_latch_transparent */
			bool has_fallback;
			uint32_t fallback_ms;
		} latch_transparent;
		bool latch_requests;	/* on */
		struct {
			bool by_fd;		/* PID/FD, else flow */
			int pid;
			int fd;
			struct ipl_latch_filter flow;	/* exactly one flow */
		} who;
		struct ipl_monitor_filter monitor;
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

/*
 * The same for one line of a batch file (argv[0] a placeholder): -b is
 * refused, and the global options of the line apply to it alone, over
 * those of the command line (outer: its -j, -t and -n). Sets ->in_batch.
 */
int ipl_args_parse_line(struct ipl_args *a, const struct ipl_args *outer,
			int argc, char *argv[]);

/* Print usage of cmd, or the global usage if cmd is NULL. */
void ipl_usage(FILE *f, const struct ipl_cmd *cmd);

/*
 * Command lookup by name or unambiguous prefix; NULL if unknown or
 * ambiguous.
 */
const struct ipl_cmd *ipl_cmd_find(const char *name);
const char *ipl_cmd_name(const struct ipl_cmd *cmd);

#endif /* IPL_ARGS_H */
