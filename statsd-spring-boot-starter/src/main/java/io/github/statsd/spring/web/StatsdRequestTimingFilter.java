package io.github.statsd.spring.web;

import io.github.statsd.StatsdClient;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Times every HTTP request as one timer with the tags {@code method}, {@code uri} (the matched route pattern, never
 * the raw path), {@code status}, {@code outcome} and {@code exception}. Asynchronous requests are timed until the
 * async work completes. Nothing this filter does can fail a request: recording errors are logged, never thrown.
 */
public final class StatsdRequestTimingFilter extends OncePerRequestFilter {

    /** Request attribute that Spring MVC sets to the pattern of the matched handler mapping. */
    static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    /** Request attribute that Spring MVC sets to an exception a handler threw and an exception resolver handled. */
    static final String DISPATCHER_EXCEPTION = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

    private static final String TIMING_ATTRIBUTE = StatsdRequestTimingFilter.class.getName() + ".timing";
    private static final Log logger = LogFactory.getLog(StatsdRequestTimingFilter.class);

    private final StatsdClient client;
    private final String metricName;
    private final List<PathPattern> excludes;
    private final UriTagLimiter uriTags;

    /**
     * Creates the filter.
     *
     * @param client the client to record with
     * @param metricName the timer name
     * @param excludes path patterns ({@code /actuator/**}) of requests not to time
     * @param maxUriTags the largest number of distinct {@code uri} tag values
     */
    public StatsdRequestTimingFilter(StatsdClient client, String metricName, List<String> excludes, int maxUriTags) {
        this.client = client;
        this.metricName = metricName;
        PathPatternParser parser = new PathPatternParser();
        this.excludes = excludes.stream().map(parser::parse).toList();
        this.uriTags = new UriTagLimiter(maxUriTags);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        if (excludes.isEmpty()) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        PathContainer container = PathContainer.parsePath(path);
        for (PathPattern pattern : excludes) {
            if (pattern.matches(container)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Timing timing = (Timing) request.getAttribute(TIMING_ATTRIBUTE);
        if (timing == null) {
            timing = new Timing(System.nanoTime());
            request.setAttribute(TIMING_ATTRIBUTE, timing);
        }
        Throwable error = null;
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException | Error ex) {
            error = ex;
            throw ex;
        } finally {
            // remember the route now: an error dispatch to /error would overwrite it before an async completion
            Object pattern = request.getAttribute(BEST_MATCHING_PATTERN);
            if (pattern != null) {
                timing.pattern = pattern.toString();
            }
            if (request.isAsyncStarted()) {
                if (timing.listening.compareAndSet(false, true)) {
                    request.getAsyncContext().addListener(new TimingListener(timing, request, response));
                }
            } else if (!isAsyncDispatch(request)) {
                record(timing, request, response, error);
            } else {
                // an async dispatch that finished the request: the listener records on completion
                timing.error = error != null ? error : timing.error;
            }
        }
    }

    private void record(Timing timing, HttpServletRequest request, HttpServletResponse response, Throwable error) {
        if (!timing.recorded.compareAndSet(false, true)) {
            return;
        }
        try {
            Throwable thrown = error != null ? error : timing.error;
            Throwable handled = thrown != null ? thrown : handledException(request);
            int status = response.getStatus();
            if (thrown != null && status < 400) {
                status = 500; // the container will answer 500 for an exception that escaped
            }
            client.timing(
                    metricName,
                    Duration.ofNanos(System.nanoTime() - timing.start),
                    "method:" + request.getMethod(),
                    "uri:" + uriTags.limit(uri(timing.pattern, request, status)),
                    "status:" + status,
                    "outcome:" + outcome(status),
                    "exception:" + (handled == null ? "none" : exceptionName(handled)));
        } catch (RuntimeException ex) {
            logger.debug("Could not record the request timing", ex);
        }
    }

    private static Throwable handledException(HttpServletRequest request) {
        Object ex = request.getAttribute(DISPATCHER_EXCEPTION);
        if (ex == null) {
            ex = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        }
        return ex instanceof Throwable ? (Throwable) ex : null;
    }

    private static String exceptionName(Throwable ex) {
        Throwable t = (ex instanceof ServletException && ex.getCause() != null) ? ex.getCause() : ex;
        String name = t.getClass().getSimpleName();
        return name.isEmpty() ? t.getClass().getName() : name;
    }

    static String uri(String pattern, HttpServletRequest request, int status) {
        if (pattern != null) {
            String p = pattern;
            if (status == 404 && p.equals("/**")) {
                return "NOT_FOUND"; // the static resource handler's catch-all found nothing
            }
            return p.isEmpty() || p.equals("/") ? "root" : p;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.isEmpty() || path.equals("/") ? "root" : "UNKNOWN";
    }

    static String outcome(int status) {
        if (status >= 100 && status < 200) {
            return "INFORMATIONAL";
        }
        if (status >= 200 && status < 300) {
            return "SUCCESS";
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status >= 400 && status < 500) {
            return "CLIENT_ERROR";
        }
        if (status >= 500 && status < 600) {
            return "SERVER_ERROR";
        }
        return "UNKNOWN";
    }

    /** The clock of one request, shared by its dispatches. */
    private static final class Timing {
        final long start;
        final AtomicBoolean listening = new AtomicBoolean();
        final AtomicBoolean recorded = new AtomicBoolean();
        volatile Throwable error;
        volatile String pattern;

        Timing(long start) {
            this.start = start;
        }
    }

    /** Stops the clock when the async request completes. */
    private final class TimingListener implements AsyncListener {
        private final Timing timing;
        private final HttpServletRequest request;
        private final HttpServletResponse response;

        TimingListener(Timing timing, HttpServletRequest request, HttpServletResponse response) {
            this.timing = timing;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            HttpServletRequest req = event.getSuppliedRequest() instanceof HttpServletRequest r ? r : request;
            HttpServletResponse res = event.getSuppliedResponse() instanceof HttpServletResponse r ? r : response;
            record(timing, req, res, null);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the container completes the request next; onComplete records it
        }

        @Override
        public void onError(AsyncEvent event) {
            if (event.getThrowable() != null) {
                timing.error = event.getThrowable();
            }
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
