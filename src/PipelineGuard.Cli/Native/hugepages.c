/*
 * Linked into the Linux Native AOT binary (PipelineGuard.Cli.csproj, target LinkHugePageHint). Before
 * main, asks the kernel to back the program's writable segment with transparent huge pages where the
 * system allows it (THP "madvise" mode, the common default). The .NET runtime rehydrates about 8 MB of
 * type data into that segment at start-up; with 4 KB pages that is some 2,000 page faults, which were
 * half of a one-resource check's time. A hint only: when refused, nothing changes.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE ((uintptr_t)2 << 20)

static int hint_writable_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    /* The first object listed is the program itself; stop after it. */
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W)) continue;
        uintptr_t start = (info->dlpi_addr + ph->p_vaddr + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
        uintptr_t end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz) & ~(HUGE_PAGE - 1);
        if (end > start) (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
    }
    return 1;
}

__attribute__((constructor)) static void pipeline_guard_huge_page_hint(void)
{
    (void)dl_iterate_phdr(hint_writable_segments, 0);
}
