/*
 * The reference of the transport benchmark (the quality bars): the smallest useful libfcgi responder,
 * N threads each looping on FCGX_Accept_r, answering a fixed JSON body. scripts/bench runs it
 * behind the same nginx as the real responder, so the ratio of their throughputs measures what
 * IsoFind Reports adds to FastCGI (routing, auth subrequest, store, JSON), not the machine.
 *
 *   cc -O2 -o fcgi-hello bench/fcgi-hello.c -lfcgi -lpthread
 *   fcgi-hello SOCKET_PATH [THREADS]
 */
#include <fcgiapp.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int listen_fd;

static void *worker(void *unused) {
    (void)unused;
    static const char reply[] =
        "Status: 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n\r\n{\"hello\":\"world\"}";
    FCGX_Request request;
    FCGX_InitRequest(&request, listen_fd, 0);
    while (FCGX_Accept_r(&request) >= 0) {
        FCGX_PutStr(reply, (int)sizeof(reply) - 1, request.out);
        FCGX_Finish_r(&request);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: %s SOCKET_PATH [THREADS]\n", argv[0]);
        return 2;
    }
    int threads = argc > 2 ? atoi(argv[2]) : 4;
    if (threads < 1) threads = 1;
    FCGX_Init();
    /* FCGX_Init makes SIGTERM only set a flag, which a thread blocked in accept() never sees:
     * restore the default so that the benchmark script can stop this process. */
    signal(SIGTERM, SIG_DFL);
    unlink(argv[1]);
    listen_fd = FCGX_OpenSocket(argv[1], 128);
    if (listen_fd < 0) {
        perror("FCGX_OpenSocket");
        return 1;
    }
    chmod(argv[1], 0660);
    pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
    for (int i = 0; i < threads; i++) pthread_create(&ids[i], NULL, worker, NULL);
    for (int i = 0; i < threads; i++) pthread_join(ids[i], NULL);
    return 0;
}
