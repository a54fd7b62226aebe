// Maps its own C library's file privately in ways its loader does not, and checks each view
// against the file's bytes as read(): the whole file at an address the kernel chooses, pages
// from another offset, and, in the gap between the library's code and its data, a page from
// the offset the loader's whole-file mapping showed there and one from another offset. Each
// view is written with a mark and read back, and the first gap page mapped again: a private
// mapping's writes are its own. Prints
// what it found, the same for any address the mappings get.
#define _GNU_SOURCE
#include <fcntl.h>
#include <link.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const long kPage = 4096;

struct library {
  const char* name;
  uintptr_t bias;
  uintptr_t code_end, data_start;  // page-aligned: the gap between the first two PT_LOADs
};

static int find_libc(struct dl_phdr_info* info, size_t size, void* out) {
  (void)size;
  struct library* lib = out;
  if (strstr(info->dlpi_name, "libc.so") == NULL) return 0;
  const ElfW(Phdr) * loads[2];
  int count = 0;
  for (int i = 0; i < info->dlpi_phnum && count < 2; ++i) {
    if (info->dlpi_phdr[i].p_type == PT_LOAD) loads[count++] = &info->dlpi_phdr[i];
  }
  if (count < 2) return 0;
  lib->name = info->dlpi_name;
  lib->bias = info->dlpi_addr;
  lib->code_end = (loads[0]->p_vaddr + loads[0]->p_filesz + kPage - 1) & ~(kPage - 1);
  lib->data_start = loads[1]->p_vaddr & ~(kPage - 1);
  return 1;
}

// Maps `length` bytes of the file from `offset` (at `at` with MAP_FIXED when not null), checks
// them against `file`, writes `mark` into its first page and reads it back.
static void check_view(const char* what, int fd, const unsigned char* file, long file_size, void* at, long offset,
                       long length, int mark) {
  unsigned char* view = mmap(at, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | (at ? MAP_FIXED : 0), fd, offset);
  if (view == MAP_FAILED) {
    printf("%s: mmap failed\n", what);
    return;
  }
  long same = 0;
  for (long i = 0; i < length; ++i) same += view[i] == (offset + i < file_size ? file[offset + i] : 0);
  printf("%s: %ld of %ld bytes are the file's\n", what, same, length);
  memset(view, mark, 64);
  int kept = 1;
  for (int i = 0; i < 64; ++i) kept &= view[i] == (unsigned char)mark;
  printf("%s: written with mark %d: %s\n", what, mark, kept ? "kept" : "lost");
}

int main(int argc, char** argv) {
  const int mark = argc > 1 ? atoi(argv[1]) : 1;
  struct library lib = {0};
  if (!dl_iterate_phdr(find_libc, &lib)) {
    printf("no libc\n");
    return 1;
  }
  const int fd = open(lib.name, O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) {
    printf("cannot open libc\n");
    return 1;
  }
  unsigned char* file = malloc(st.st_size);
  if (pread(fd, file, st.st_size, 0) != st.st_size) return 1;
  check_view("whole file", fd, file, st.st_size, NULL, 0, st.st_size, mark);
  check_view("two pages from 16K", fd, file, st.st_size, NULL, 4 * kPage, 2 * kPage, mark + 1);
  if (lib.data_start - lib.code_end >= 2 * kPage && (long)lib.code_end + kPage <= st.st_size) {
    // The gap's first page, from where the loader's whole-file mapping had it, then the next
    // one from the file's start.
    const uintptr_t gap = lib.bias + lib.code_end;
    check_view("gap page as the loader mapped it", fd, file, st.st_size, (void*)gap, lib.code_end, kPage, mark + 2);
    check_view("gap page from offset 0", fd, file, st.st_size, (void*)(gap + kPage), 0, kPage, mark + 3);
    // The mark went to this mapping's own copy, not to what a new mapping of the page shows.
    check_view("gap page mapped again", fd, file, st.st_size, (void*)gap, lib.code_end, kPage, mark + 4);
  }
  // The library itself still works after its gap was remapped.
  printf("lane mark %d done\n", mark);
  return 0;
}
