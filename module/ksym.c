// SPDX-License-Identifier: GPL-2.0
/*
 * Unexported kernel functions: lookup by kprobe, IBT check (see ksym.h).
 */
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "compat.h"
#include "ksym.h"

void ipsec_latch_ksym_lookup(const char *const *names, unsigned long *addrs,
			     unsigned int n)
{
	struct kprobe *kps, **list;
	unsigned int i, nr = 0;

	memset(addrs, 0, n * sizeof(*addrs));
	kps = kcalloc(n, sizeof(*kps), GFP_KERNEL);
	list = kcalloc(n, sizeof(*list), GFP_KERNEL);
	if (!kps || !list)
		goto out;
	/*
	 * A disabled kprobe resolves its symbol without patching any text;
	 * its address is the function's probe point, past an ENDBR.
	 */
	for (i = 0; i < n; i++) {
		kps[i].symbol_name = names[i];
		kps[i].flags = KPROBE_FLAG_DISABLED;
		if (register_kprobe(&kps[i]) < 0)
			continue;
		addrs[i] = ipsec_latch_compat_func_start((unsigned long)
							 kps[i].addr);
		list[nr++] = &kps[i];
	}
	if (nr)
		unregister_kprobes(list, nr);
out:
	kfree(list);
	kfree(kps);
}

int ipsec_latch_ksym_check_call_target(const char *name, unsigned long addr)
{
	if (ipsec_latch_compat_endbr_intact(addr))
		return 0;
	pr_err("not loading: %s does not start with ENDBR64 (sealed by this IBT kernel), an indirect call to it would fault\n",
	       name);
	return -ENOEXEC;
}

int ipsec_latch_ksym_call_target(const char *name, unsigned long *addr)
{
	ipsec_latch_ksym_lookup(&name, addr, 1);
	if (!*addr) {
		pr_err("no kernel function %s\n", name);
		return -ENOENT;
	}
	return ipsec_latch_ksym_check_call_target(name, *addr);
}

/*
 * For tests: refusal is shown on a function known to be sealed, since
 * QEMU's emulation does not fault on a bad indirect branch.
 */
static char *endbr_check;
module_param(endbr_check, charp, 0400);
MODULE_PARM_DESC(endbr_check,
		 "Also require these kernel functions to be indirect-call targets at load (comma-separated; for tests)");

int ipsec_latch_ksym_check_param(void)
{
	char *list, *cur, *name;
	unsigned long addr;
	int err = 0;

	if (!endbr_check || !*endbr_check)
		return 0;
	list = kstrdup(endbr_check, GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!err && (name = strsep(&cur, ",")) != NULL) {
		if (*name)
			err = ipsec_latch_ksym_call_target(name, &addr);
	}
	kfree(list);
	return err;
}
