/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ipsec-latchctl: subcommand runners. Each returns an enum ipl_exit value
 * and reports its own errors.
 */
#ifndef IPL_CMDS_H
#define IPL_CMDS_H

#include <stddef.h>
#include <stdio.h>

#include "status.h"

struct ipl_args;
struct ipl_latch;
struct ipl_latch_filter;
struct ipl_tmpl;

int cmd_status_show(const struct ipl_args *a);
int cmd_status_reset(const struct ipl_args *a);
int cmd_resolve_list(const struct ipl_args *a);
int cmd_resolve_stats(const struct ipl_args *a);
int cmd_resolve_set(const struct ipl_args *a);
int cmd_monitor(const struct ipl_args *a);
int cmd_template_list(const struct ipl_args *a);
int cmd_template_add(const struct ipl_args *a);
int cmd_template_replace(const struct ipl_args *a);
int cmd_template_del(const struct ipl_args *a);
int cmd_template_flush(const struct ipl_args *a);
int cmd_template_check(const struct ipl_args *a);
int cmd_latch_list(const struct ipl_args *a);
int cmd_latch_transparent(const struct ipl_args *a);
int cmd_latch_requests(const struct ipl_args *a);

/*
 * After adding the n templates v (or, who set, turning on transparent
 * bypass-or-protect): warn on stderr of what in the SPD makes the
 * kernel drop the clear first packets of their bypass-or-protect flows,
 * or keeps such a flow from falling back to the clear. Never fails.
 */
void ipl_warn_spd(const struct ipl_tmpl *v, size_t n, const char *who);
/* After transparent bypass-or-protect is on: warn of SPD ties (stderr). */
void ipl_warn_spd_transparent(void);
int cmd_latch_stats(const struct ipl_args *a);
int cmd_who(const struct ipl_args *a);
int cmd_identity_list(const struct ipl_args *a);
int cmd_identity_set(const struct ipl_args *a);
int cmd_identity_del(const struct ipl_args *a);
int cmd_version(const struct ipl_args *a);
int cmd_tool_version(const struct ipl_args *a);
int cmd_batch(const struct ipl_args *a);

/* Run the command a names, in its -n netns; an enum ipl_exit value. */
int ipl_run(const struct ipl_args *a);

/* GET_STATUS round trip shared by status and version; 0 or -1 (reported) */
int ipl_status_fetch(struct ipl_status *st);

/*
 * Fetch the status and print view of it, shared by status, latch stats
 * and resolve stats; check, if not NULL, sees it first (to warn). Returns
 * an enum ipl_exit value.
 */
int ipl_status_show(const struct ipl_args *a, enum ipl_status_view view,
		    void (*check)(const struct ipl_status *st));

/* GET_TEMPLATES dump; *v to be freed. 0 or -1 (reported). */
int ipl_tmpl_fetch(struct ipl_tmpl **v, size_t *n);

/*
 * GET_LATCHES dump of the latches matching f, shared by latch list and
 * who; *v to be freed. 0 or -1 (reported).
 */
int ipl_latch_fetch(const struct ipl_latch_filter *f, struct ipl_latch **v,
		    size_t *n);

#endif /* IPL_CMDS_H */
