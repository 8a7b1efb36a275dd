/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Lists: the runtime's (src/sim/list.h, the kernel's names) plus the rest of
 * the kernel's interface.
 */
#ifndef _LINUX_COMPAT_LIST_H
#define _LINUX_COMPAT_LIST_H

#include <linux/types.h>
#include <linux/container_of.h>

#include "sim/list.h"

static inline void list_replace(struct list_head *old, struct list_head *new)
{
	new->next = old->next;
	new->next->prev = new;
	new->prev = old->prev;
	new->prev->next = new;
}
static inline void list_move(struct list_head *list, struct list_head *head)
{
	list_del_init(list);
	list_add(list, head);
}
static inline bool list_is_singular(const struct list_head *head)
{
	return !list_empty(head) && (head->next == head->prev);
}
static inline bool list_is_last(const struct list_head *list, const struct list_head *head)
{
	return list->next == head;
}
static inline bool list_is_first(const struct list_head *list, const struct list_head *head)
{
	return list->prev == head;
}
static inline bool list_is_head(const struct list_head *list, const struct list_head *head)
{
	return list == head;
}
static inline void __linux_list_splice(const struct list_head *list, struct list_head *prev,
				       struct list_head *next)
{
	struct list_head *first = list->next, *last = list->prev;

	first->prev = prev;
	prev->next = first;
	last->next = next;
	next->prev = last;
}
static inline void list_splice(const struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__linux_list_splice(list, head, head->next);
}
static inline void list_splice_tail(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list))
		__linux_list_splice(list, head->prev, head);
}
static inline void list_splice_init(struct list_head *list, struct list_head *head)
{
	if (!list_empty(list)) {
		__linux_list_splice(list, head, head->next);
		INIT_LIST_HEAD(list);
	}
}
#define list_last_entry_or_null(ptr, type, member)                                          \
	(!list_empty(ptr) ? list_last_entry(ptr, type, member) : NULL)
#define list_entry_is_head(pos, head, member) (&(pos)->member == (head))
#define list_for_each_safe(pos, n, head)                                                    \
	for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)
#define list_for_each_prev(pos, head) for (pos = (head)->prev; pos != (head); pos = pos->prev)
#define list_for_each_entry_continue(pos, head, member)                                     \
	for (pos = list_next_entry(pos, member); &pos->member != (head);                    \
	     pos = list_next_entry(pos, member))
#define list_for_each_entry_from(pos, head, member)                                         \
	for (; &pos->member != (head); pos = list_next_entry(pos, member))
#define list_for_each_entry_safe_reverse(pos, n, head, member)                              \
	for (pos = list_last_entry(head, __typeof__(*pos), member),                         \
	    n = list_prev_entry(pos, member);                                               \
	     &pos->member != (head); pos = n, n = list_prev_entry(n, member))
#define list_for_each_entry_rcu(pos, head, member, ...) list_for_each_entry(pos, head, member)
#define list_add_rcu list_add
#define list_add_tail_rcu list_add_tail
#define list_del_rcu list_del_init

#define HLIST_HEAD_INIT { .first = NULL }
#define INIT_HLIST_HEAD(ptr) ((ptr)->first = NULL)

#endif
