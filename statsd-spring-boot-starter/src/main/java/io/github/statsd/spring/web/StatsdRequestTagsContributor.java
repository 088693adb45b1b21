package io.github.statsd.spring.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;

/**
 * Adds tags of your own to the timer of each HTTP request, after the standard {@code method}, {@code uri},
 * {@code status}, {@code outcome} and {@code exception}. Declare one or more beans of this type: the request timing
 * filter calls them, in their order, once per request, when it records.
 *
 * <p>Every distinct tag value makes a new metric series: map what you read from the request onto a small fixed set of
 * values (an allow-list, with one value such as {@code other} for everything else), never copy it as it is. An
 * exception thrown here is logged at DEBUG and its tags are left out; the request and the standard tags are not
 * affected. A tag with one of the standard keys is ignored.
 */
@FunctionalInterface
public interface StatsdRequestTagsContributor {

    /**
     * Adds tags for one request, each as {@code key:value}.
     *
     * @param request the request
     * @param response the response, with the status the client got
     * @param handler the handler that served the request ({@code HandlerMethod} for Spring MVC), or {@code null}
     * @param exception the exception that ended the request, or {@code null}
     * @param tags the list to add {@code key:value} tags to
     */
    void contribute(
            HttpServletRequest request,
            HttpServletResponse response,
            Object handler,
            Throwable exception,
            List<String> tags);
}
