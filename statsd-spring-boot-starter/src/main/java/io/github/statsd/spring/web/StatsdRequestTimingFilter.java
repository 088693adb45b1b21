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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.server.PathContainer;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Times every HTTP request as one timer with the tags {@code method} (a standard method, or {@code UNKNOWN}),
 * {@code uri} (the matched route pattern, never the raw path), {@code status} (the status the client got),
 * {@code outcome} and {@code exception}, followed by the tags of any {@link StatsdRequestTagsContributor}. Asynchronous
 * requests are timed until the async work completes. Nothing this filter does can fail a request: recording errors are
 * logged, never thrown.
 */
public final class StatsdRequestTimingFilter extends OncePerRequestFilter {

    /** Request attribute that Spring MVC sets to the pattern of the matched handler mapping. */
    static final String BEST_MATCHING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    /** Request attribute that Spring MVC sets to an exception a handler threw and an exception resolver handled. */
    static final String DISPATCHER_EXCEPTION = "org.springframework.web.servlet.DispatcherServlet.EXCEPTION";

    /** Request attribute that Spring MVC sets to the handler of the matched handler mapping. */
    static final String BEST_MATCHING_HANDLER = "org.springframework.web.servlet.HandlerMapping.bestMatchingHandler";

    /** The methods reported as they are; any other token a client sends would make a new series per token. */
    private static final Set<String> STANDARD_METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    /** The keys of the standard tags, which a contributor cannot add again. */
    private static final Set<String> STANDARD_KEYS = Set.of("method", "uri", "status", "outcome", "exception");

    private static final String TIMING_ATTRIBUTE = StatsdRequestTimingFilter.class.getName() + ".timing";
    private static final Log logger = LogFactory.getLog(StatsdRequestTimingFilter.class);

    private final StatsdClient client;
    private final String metricName;
    private final List<PathPattern> excludes;
    private final UriTagLimiter uriTags;
    private final List<StatsdRequestTagsContributor> contributors;

    /**
     * Creates the filter with the standard tags only.
     *
     * @param client the client to record with
     * @param metricName the timer name
     * @param excludes path patterns ({@code /actuator/**}) of requests not to time
     * @param maxUriTags the largest number of distinct {@code uri} tag values, greater than 0
     */
    public StatsdRequestTimingFilter(StatsdClient client, String metricName, List<String> excludes, int maxUriTags) {
        this(client, metricName, excludes, maxUriTags, List.of());
    }

    /**
     * Creates the filter.
     *
     * @param client the client to record with
     * @param metricName the timer name
     * @param excludes path patterns ({@code /actuator/**}) of requests not to time
     * @param maxUriTags the largest number of distinct {@code uri} tag values, greater than 0
     * @param contributors the sources of extra tags, called in this order
     * @throws IllegalArgumentException if the name is blank, the cap is not positive or a pattern does not parse
     */
    public StatsdRequestTimingFilter(
            StatsdClient client,
            String metricName,
            List<String> excludes,
            int maxUriTags,
            List<StatsdRequestTagsContributor> contributors) {
        if (metricName == null || metricName.isBlank()) {
            throw new IllegalArgumentException("metricName must not be blank");
        }
        if (maxUriTags <= 0) {
            throw new IllegalArgumentException("maxUriTags must be greater than 0, was " + maxUriTags);
        }
        this.client = client;
        this.metricName = metricName;
        PathPatternParser parser = new PathPatternParser();
        this.excludes = excludes.stream().map(parser::parse).toList();
        this.uriTags = new UriTagLimiter(maxUriTags);
        this.contributors = List.copyOf(contributors);
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
            Object handler = request.getAttribute(BEST_MATCHING_HANDLER);
            if (handler != null) {
                timing.handler = handler;
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
        long elapsed = System.nanoTime() - timing.start; // before the contributors: their time is not the request's
        try {
            Throwable thrown = error != null ? error : timing.error;
            Throwable handled = thrown != null ? thrown : handledException(request);
            int status = response.getStatus();
            if (thrown != null && status < 400 && !response.isCommitted()) {
                // the container answers 500 for an exception that escaped, unless the status line has already gone
                status = 500;
            }
            List<String> tags = new ArrayList<>(5 + contributors.size());
            tags.add("method:" + method(request.getMethod()));
            tags.add("uri:" + uriTags.limit(uri(timing.pattern, status)));
            tags.add("status:" + status);
            tags.add("outcome:" + outcome(status));
            tags.add("exception:" + (handled == null ? "none" : exceptionName(handled)));
            for (StatsdRequestTagsContributor contributor : contributors) {
                contribute(contributor, request, response, timing.handler, handled, tags);
            }
            client.timing(metricName, Duration.ofNanos(elapsed), tags.toArray(new String[0]));
        } catch (RuntimeException ex) {
            logger.debug("Could not record the request timing", ex);
        }
    }

    /** A contributor's tags are added only if it returns normally: a failing one cannot cost the standard tags. */
    private static void contribute(
            StatsdRequestTagsContributor contributor,
            HttpServletRequest request,
            HttpServletResponse response,
            Object handler,
            Throwable exception,
            List<String> tags) {
        List<String> extra = new ArrayList<>(2);
        try {
            contributor.contribute(request, response, handler, exception, extra);
        } catch (RuntimeException | LinkageError | AssertionError ex) {
            logger.debug("Request tags contributor " + contributor + " failed; its tags are left out", ex);
            return;
        }
        for (String tag : extra) {
            if (tag != null && !STANDARD_KEYS.contains(key(tag))) {
                tags.add(tag);
            }
        }
    }

    private static String key(String tag) {
        int colon = tag.indexOf(':');
        return colon < 0 ? tag : tag.substring(0, colon);
    }

    static String method(String method) {
        return method != null && STANDARD_METHODS.contains(method) ? method : "UNKNOWN";
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

    static String uri(String pattern, int status) {
        if (pattern != null) {
            if (status == 404 && pattern.equals("/**")) {
                return "NOT_FOUND"; // the static resource handler's catch-all found nothing
            }
            // Spring's convention: only an empty pattern is "root"; "/" is a route like any other
            return pattern.isEmpty() ? "root" : pattern;
        }
        if (status >= 300 && status < 400) {
            return "REDIRECTION";
        }
        if (status == 404) {
            return "NOT_FOUND";
        }
        return "UNKNOWN";
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
        volatile Object handler;

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
