// SPDX-License-Identifier: GPL-2.0
/*
 * ipsec-latchctl: "template check", and the same check as warnings after
 * "template add" and "latch transparent bypass-or-protect" (spd.h).
 */
#include <stdlib.h>

#include <linux/ipsec_latch.h>

#include "args.h"
#include "cmds.h"
#include "spd.h"
#include "template.h"
#include "util.h"

/*
 * Check the n templates v against spd, into r (n results), whose
 * findings go into the array returned (to be freed); NULL if out of
 * memory (reported).
 */
static struct ipl_spd_finding *check_templates(const struct ipl_spd *spd,
					       const struct ipl_tmpl *v,
					       size_t n,
					       struct ipl_spd_result *r)
{
	size_t i, per = spd->n + 1;	/* the most one template can get */
	struct ipl_spd_finding *f;

	f = calloc(n ? n : 1, per * sizeof(*f));
	if (!f) {
		ipl_err("out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		r[i].id = v[i].id;
		r[i].v = f + i * per;
		r[i].n = ipl_spd_check(spd, &v[i], f + i * per, per);
	}
	return f;
}

void ipl_warn_spd(const struct ipl_tmpl *v, size_t n, const char *who)
{
	struct ipl_spd_result r[2];
	char buf[IPL_SPD_TEXT_LEN];
	struct ipl_spd_finding *f;
	struct ipl_spd spd;
	size_t i, j;

	if (!n || n > ARRAY_SIZE(r) || !ipl_spd_wants_check(&v[0]))
		return;
	if (ipl_spd_fetch(&spd, buf, sizeof(buf)) < 0) {
		ipl_warn("the SPD check of bypass-or-protect was skipped: %s; run 'template check' when it can be read",
			 buf);
		return;
	}
	f = check_templates(&spd, v, n, r);
	for (i = 0; f && i < n; i++)
		for (j = 0; j < r[i].n; j++) {
			ipl_spd_finding_text(&r[i].v[j], buf);
			if (who)
				ipl_warn("%s: %s", who, buf);
			else
				ipl_warn("template %u: %s", r[i].id, buf);
		}
	free(f);
	free(spd.v);
}

/*
 * Transparent bypass-or-protect: any flow may fall back, so any outbound
 * IPsec policy of priority 0 ties with its BYPASS entries. Checked as a
 * connector to anywhere, per family.
 */
void ipl_warn_spd_transparent(void)
{
	struct ipl_tmpl t = {
		.kind = IPSEC_LATCH_TMPL_CONNECTOR,
		.action = IPSEC_LATCH_ACTION_BYPASS_OR_PROTECT,
	};
	struct ipl_tmpl v[IPL_TMPL_FAMILIES];

	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_KIND);
	ipl_tmpl_set(&t, IPSEC_LATCH_TMPL_A_ACTION);
	ipl_warn_spd(v, ipl_tmpl_per_family(&t, v),
		     "transparent bypass-or-protect");
}

/*
 * Exit status 0 if every BYPASS-OR-PROTECT template is fine (or there is
 * none), IPL_EXIT_WARNINGS if one is not, IPL_EXIT_FAIL if the check
 * could not be done.
 */
int cmd_template_check(const struct ipl_args *a)
{
	struct ipl_spd_result *r = NULL;
	struct ipl_spd_finding *f = NULL;
	struct ipl_spd spd = { 0 };
	char why[IPL_SPD_TEXT_LEN];
	int ret = IPL_EXIT_FAIL;
	struct ipl_tmpl *v;
	size_t i, all, n = 0;

	if (ipl_tmpl_fetch(&v, &all) < 0)
		return IPL_EXIT_FAIL;
	for (i = 0; i < all; i++)
		if (ipl_spd_wants_check(&v[i]))
			v[n++] = v[i];
	/* nothing to check: no need to read the SPD */
	if (n && ipl_spd_fetch(&spd, why, sizeof(why)) < 0) {
		ipl_err("cannot check the templates against the SPD: %s", why);
		goto out;
	}
	r = calloc(n ? n : 1, sizeof(*r));
	if (!r) {
		ipl_err("out of memory");
		goto out;
	}
	f = check_templates(&spd, v, n, r);
	if (f && ipl_spd_print(stdout, a->json, r, n) == 0)
		ret = ipl_spd_check_exit(r, n);
out:
	free(f);
	free(r);
	free(spd.v);
	free(v);
	return ret;
}
