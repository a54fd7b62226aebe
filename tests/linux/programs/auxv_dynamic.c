// The auxiliary vector a dynamically linked program starts with, checked against what the
// dynamic loader itself found: Linux's AT_ENTRY is the program's entry, AT_PHDR/AT_PHENT/
// AT_PHNUM its headers in memory, AT_BASE the loader's load address.
#define _GNU_SOURCE
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char _start[];

struct seen {
  const ElfW(Phdr) * program_phdr;
  int program_phnum;
  ElfW(Addr) loader_base;
};

static int visit(struct dl_phdr_info* info, size_t size, void* data) {
  struct seen* s = data;
  (void)size;
  if (s->program_phdr == NULL) {  // the program comes first
    s->program_phdr = info->dlpi_phdr;
    s->program_phnum = info->dlpi_phnum;
  }
  if (strstr(info->dlpi_name, "ld-linux-aarch64") != NULL) s->loader_base = info->dlpi_addr;
  return 0;
}

int main(void) {
  struct seen s = {0};
  dl_iterate_phdr(visit, &s);
  printf("AT_ENTRY is _start: %d\n", getauxval(AT_ENTRY) == (unsigned long)_start);
  printf("AT_PHDR is the program's headers: %d\n", getauxval(AT_PHDR) == (unsigned long)s.program_phdr);
  printf("AT_PHNUM: %d\n", getauxval(AT_PHNUM) == (unsigned long)s.program_phnum);
  printf("AT_PHENT: %lu\n", getauxval(AT_PHENT));
  printf("AT_BASE is the loader's base: %d\n", s.loader_base != 0 && getauxval(AT_BASE) == s.loader_base);
  printf("AT_PAGESZ: %lu\n", getauxval(AT_PAGESZ));
  return 0;
}
