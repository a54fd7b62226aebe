// Sockets on localhost in one process: a Unix socket pair with vectored messages and a
// descriptor passed in SCM_RIGHTS, a TCP server and client, and UDP datagrams. Nothing that
// differs between runs (ports, descriptor numbers) is printed, only whether it agrees.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

static void show(const char* what, long result) {
  printf("%s: %ld%s%s\n", what, result, result < 0 ? " " : "", result < 0 ? strerror(errno) : "");
}

static void unix_pair(void) {
  int pair[2];
  show("socketpair", socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair));
  printf("cloexec: %d\n", fcntl(pair[0], F_GETFD));
  int pipe_fds[2];
  pipe(pipe_fds);
  write(pipe_fds[1], "through the passed pipe", 23);
  char first[] = "hello ", second[] = "vectored world";
  struct iovec out[2] = {{first, 6}, {second, 14}};
  union {
    char bytes[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } control = {0};
  struct msghdr message = {.msg_iov = out, .msg_iovlen = 2, .msg_control = control.bytes,
                           .msg_controllen = sizeof control.bytes};
  struct cmsghdr* c = CMSG_FIRSTHDR(&message);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  memcpy(CMSG_DATA(c), &pipe_fds[0], sizeof(int));
  show("sendmsg", sendmsg(pair[0], &message, 0));

  char a[4] = {0}, b[8] = {0}, rest[32] = {0};
  struct iovec in[3] = {{a, 3}, {b, 7}, {rest, 31}};
  union {
    char bytes[CMSG_SPACE(sizeof(int))];
    struct cmsghdr align;
  } received = {0};
  struct msghdr reply = {.msg_iov = in, .msg_iovlen = 3, .msg_control = received.bytes,
                         .msg_controllen = sizeof received.bytes};
  show("recvmsg", recvmsg(pair[1], &reply, MSG_CMSG_CLOEXEC));
  printf("pieces: '%s' '%s' '%s' flags %d controllen %zu\n", a, b, rest, reply.msg_flags, (size_t)reply.msg_controllen);
  struct cmsghdr* got = CMSG_FIRSTHDR(&reply);
  int passed = -1;
  if (got != NULL && got->cmsg_type == SCM_RIGHTS) memcpy(&passed, CMSG_DATA(got), sizeof passed);
  char text[32] = {0};
  printf("passed descriptor reads: %zd '%s' cloexec %d\n", read(passed, text, sizeof text - 1), text,
         fcntl(passed, F_GETFD));
  show("shutdown write", shutdown(pair[0], SHUT_WR));
  show("recv after shutdown", recv(pair[1], text, sizeof text, 0));
}

static void tcp(void) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  int one = 1, value = 0;
  socklen_t length = sizeof value;
  show("SO_REUSEADDR", setsockopt(server, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one));
  show("getsockopt SO_REUSEADDR", getsockopt(server, SOL_SOCKET, SO_REUSEADDR, &value, &length));
  printf("value %d length %u\n", value, length);
  length = sizeof value;
  getsockopt(server, SOL_SOCKET, SO_TYPE, &value, &length);
  printf("SO_TYPE stream: %d\n", value == SOCK_STREAM);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_port = 0, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  show("bind", bind(server, (struct sockaddr*)&address, sizeof address));
  show("listen", listen(server, 4));
  socklen_t address_length = sizeof address;
  show("getsockname", getsockname(server, (struct sockaddr*)&address, &address_length));
  printf("port assigned: %d length %u\n", ntohs(address.sin_port) != 0, address_length);

  int client = socket(AF_INET, SOCK_STREAM, 0);
  show("TCP_NODELAY", setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one));
  show("connect", connect(client, (struct sockaddr*)&address, sizeof address));
  struct sockaddr_in peer, mine;
  socklen_t peer_length = sizeof peer, mine_length = sizeof mine;
  int conn = accept4(server, (struct sockaddr*)&peer, &peer_length, SOCK_CLOEXEC);
  printf("accepted: %d cloexec %d\n", conn >= 0, fcntl(conn, F_GETFD));
  getsockname(client, (struct sockaddr*)&mine, &mine_length);
  printf("peer is the client: %d\n", peer.sin_port == mine.sin_port && peer.sin_addr.s_addr == mine.sin_addr.s_addr);
  getpeername(client, (struct sockaddr*)&peer, &peer_length);
  printf("client's peer is the server: %d\n", peer.sin_port == address.sin_port);
  show("send", send(client, "request", 7, 0));
  char text[32] = {0};
  show("recv", recv(conn, text, sizeof text - 1, 0));
  printf("server got: %s\n", text);
  show("write back", write(conn, "response", 8));
  memset(text, 0, sizeof text);
  show("read", read(client, text, sizeof text - 1));
  printf("client got: %s\n", text);
  close(conn);
  show("recv at end", recv(client, text, sizeof text, 0));
  show("second client connects", connect(socket(AF_INET, SOCK_STREAM, 0), (struct sockaddr*)&address, sizeof address));
  close(client);
  close(server);
}

static void udp(void) {
  int receiver = socket(AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t length = sizeof address;
  bind(receiver, (struct sockaddr*)&address, sizeof address);
  getsockname(receiver, (struct sockaddr*)&address, &length);
  int sender = socket(AF_INET, SOCK_DGRAM, 0);
  show("sendto", sendto(sender, "datagram", 8, 0, (struct sockaddr*)&address, sizeof address));
  struct sockaddr_in from, sender_address;
  socklen_t from_length = sizeof from, sender_length = sizeof sender_address;
  char text[32] = {0};
  show("recvfrom", recvfrom(receiver, text, sizeof text - 1, 0, (struct sockaddr*)&from, &from_length));
  getsockname(sender, (struct sockaddr*)&sender_address, &sender_length);
  printf("got '%s' from the sender: %d\n", text, from.sin_port == sender_address.sin_port);
  show("recvfrom nothing", recvfrom(receiver, text, sizeof text, MSG_DONTWAIT, NULL, NULL));
}

int main(void) {
  unix_pair();
  tcp();
  udp();
  show("socket bad family", socket(12345, SOCK_STREAM, 0));
  return 0;
}
