// file_io: stdio and POSIX file operations in the working directory: write/read/append/seek/rename/stat/readdir/unlink/mkdir.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

static int cmp_names(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static unsigned sum_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    unsigned h = 0;
    int c;
    while ((c = fgetc(f)) != EOF) h = h * 257 + (unsigned)c;
    fclose(f);
    return h;
}

static void show_stat(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        printf("stat %s: failed errno=%s\n", path, errno == ENOENT ? "ENOENT" : "other");
        return;
    }
    /* A directory's st_size depends on the host file system, so only regular files show theirs. */
    if (S_ISREG(st.st_mode))
        printf("stat %s: size=%lld type=file\n", path, (long long)st.st_size);
    else
        printf("stat %s: type=%s\n", path, S_ISDIR(st.st_mode) ? "dir" : "other");
}

int main(void)
{
    FILE *f = fopen("data.txt", "w");
    if (!f) { printf("fopen failed\n"); return 1; }
    for (int i = 0; i < 50; i++) fprintf(f, "line %02d: value=%d square=%d %s\n", i, i * 7, i * i, i % 3 ? "odd" : "tri");
    fclose(f);
    show_stat("data.txt");
    f = fopen("data.txt", "r");
    char line[128];
    int lines = 0;
    long total = 0;
    while (fgets(line, sizeof line, f)) {
        int n, v, sq;
        if (sscanf(line, "line %d: value=%d square=%d", &n, &v, &sq) == 3) total += v + sq;
        if (lines == 7 || lines == 49) printf("read: %s", line);
        lines++;
    }
    printf("lines=%d total=%ld eof=%d\n", lines, total, feof(f) != 0);
    fseek(f, 10, SEEK_SET);
    printf("ftell after fseek=%ld char='%c'\n", ftell(f), fgetc(f));
    fseek(f, -6, SEEK_END);
    fgets(line, sizeof line, f);
    printf("tail='%s'", line);
    fclose(f);

    f = fopen("data.txt", "a");
    fputs("appended line\n", f);
    fclose(f);
    show_stat("data.txt");
    printf("sum data.txt=%08x\n", sum_file("data.txt"));

    /* Binary fwrite/fread of structs. */
    struct rec { int id; double val; char tag[8]; } recs[32], back[32];
    for (int i = 0; i < 32; i++) {
        memset(&recs[i], 0, sizeof recs[i]);
        recs[i].id = i * 3;
        recs[i].val = i / 3.0;
        snprintf(recs[i].tag, sizeof recs[i].tag, "t%d", i);
    }
    f = fopen("recs.bin", "wb");
    size_t w = fwrite(recs, sizeof recs[0], 32, f);
    fclose(f);
    f = fopen("recs.bin", "rb");
    fseek(f, 5 * (long)sizeof recs[0], SEEK_SET);
    size_t r = fread(back, sizeof back[0], 32, f);
    fclose(f);
    printf("fwrite=%zu fread=%zu first id=%d val=%.4f tag=%s\n", w, r, back[0].id, back[0].val, back[0].tag);

    /* POSIX I/O: open/write/lseek/read/pread/pwrite/ftruncate. */
    int fd = open("raw.bin", O_CREAT | O_RDWR | O_TRUNC, 0644);
    unsigned char buf[4096];
    for (int i = 0; i < 4096; i++) buf[i] = (unsigned char)(i * 7 + 1);
    ssize_t nw = write(fd, buf, sizeof buf);
    off_t pos = lseek(fd, 100, SEEK_SET);
    unsigned char rb[16];
    ssize_t nr = read(fd, rb, sizeof rb);
    printf("write=%zd lseek=%lld read=%zd rb0=%u rb15=%u\n", nw, (long long)pos, nr, rb[0], rb[15]);
    pwrite(fd, "HELLO", 5, 2000);
    memset(rb, 0, sizeof rb);
    pread(fd, rb, 8, 1998);
    printf("pread: %u %u %.5s %u\n", rb[0], rb[1], (char *)rb + 2, rb[7]);
    off_t end = lseek(fd, 0, SEEK_END);
    lseek(fd, 10000, SEEK_SET);
    write(fd, "X", 1);
    struct stat st;
    fstat(fd, &st);
    printf("end=%lld size after hole=%lld\n", (long long)end, (long long)st.st_size);
    lseek(fd, 5000, SEEK_SET);
    nr = read(fd, rb, 4);
    printf("hole bytes: %zd %u %u\n", nr, rb[0], rb[3]);
    int tr = ftruncate(fd, 1234);
    fstat(fd, &st);
    printf("ftruncate=%d size=%lld\n", tr, (long long)st.st_size);
    close(fd);
    printf("read closed fd: %zd errno=%s\n", read(fd, rb, 1), errno == EBADF ? "EBADF" : "other");

    /* O_APPEND and O_EXCL. */
    fd = open("log.txt", O_CREAT | O_WRONLY | O_APPEND, 0600);
    write(fd, "one\n", 4);
    lseek(fd, 0, SEEK_SET);
    write(fd, "two\n", 4);
    close(fd);
    fd = open("log.txt", O_CREAT | O_EXCL | O_WRONLY, 0600);
    printf("O_EXCL on existing: fd=%d errno=%s\n", fd, errno == EEXIST ? "EEXIST" : "other");
    f = fopen("log.txt", "r");
    size_t got = fread(line, 1, sizeof line - 1, f);
    line[got] = 0;
    fclose(f);
    printf("log.txt: %s", line);

    /* rename, mkdir, files inside a directory, readdir sorted. */
    printf("rename=%d\n", rename("log.txt", "journal.txt"));
    show_stat("log.txt");
    printf("mkdir=%d mkdir again=%d errno=%s\n", mkdir("sub", 0755), mkdir("sub", 0755),
           errno == EEXIST ? "EEXIST" : "other");
    show_stat("sub");
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/file%d.txt", (i * 3) % 5);
        f = fopen(name, "w");
        fprintf(f, "%*d\n", i * 10, i);
        fclose(f);
    }
    const char *dirs[] = {".", "sub"};
    for (int d = 0; d < 2; d++) {
        DIR *dir = opendir(dirs[d]);
        char *names[32];
        int n = 0;
        struct dirent *e;
        while ((e = readdir(dir)) && n < 32) names[n++] = strdup(e->d_name);
        closedir(dir);
        qsort(names, (size_t)n, sizeof names[0], cmp_names);
        printf("dir %s:", dirs[d]);
        for (int i = 0; i < n; i++) {
            printf(" %s", names[i]);
            free(names[i]);
        }
        printf("\n");
    }
    show_stat("sub/file4.txt");
    printf("rmdir nonempty=%d errno=%s\n", rmdir("sub"), errno == ENOTEMPTY || errno == EEXIST ? "ENOTEMPTY" : "other");
    for (int i = 0; i < 5; i++) {
        char name[32];
        snprintf(name, sizeof name, "sub/file%d.txt", i);
        unlink(name);
    }
    printf("rmdir empty=%d\n", rmdir("sub"));
    printf("unlink: %d %d %d %d\n", unlink("data.txt"), unlink("recs.bin"), unlink("raw.bin"), unlink("journal.txt"));
    printf("unlink missing=%d errno=%s\n", unlink("nope"), errno == ENOENT ? "ENOENT" : "other");
    printf("fopen missing=%d access=%d\n", fopen("nope", "r") == NULL, access("nope", F_OK));
    return 0;
}
