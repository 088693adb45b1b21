package io.github.statsd.spring.web;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Caps the number of distinct {@code uri} tag values, so that a bug or an attack cannot create unbounded metric series:
 * past the cap, new values are reported as {@code OTHER} and a warning is logged once.
 */
final class UriTagLimiter {

    static final String OTHER = "OTHER";

    private static final Log logger = LogFactory.getLog(UriTagLimiter.class);

    private final int max;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean warned = new AtomicBoolean();

    UriTagLimiter(int max) {
        this.max = max;
    }

    String limit(String uri) {
        if (seen.contains(uri)) {
            return uri;
        }
        synchronized (seen) {
            if (seen.size() < max) {
                seen.add(uri);
                return uri;
            }
        }
        if (warned.compareAndSet(false, true)) {
            logger.warn("Reached the maximum number of distinct 'uri' tags (" + max
                    + "); new request URIs are reported as '" + OTHER + "'. Raise statsd.web.max-uri-tags or add "
                    + "statsd.web.exclude patterns if this is expected.");
        }
        return OTHER;
    }
}
