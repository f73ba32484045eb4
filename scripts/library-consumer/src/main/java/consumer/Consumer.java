package consumer;

import http.HttpServer;
import org.jctools.queues.MpmcArrayQueue;
import org.slf4j.Logger;

/** Compiles only when the library, JCTools and the SLF4J API are all on a consumer's class path. */
final class Consumer {
    HttpServer server;
    MpmcArrayQueue<Object> queue;
    Logger log;
}
