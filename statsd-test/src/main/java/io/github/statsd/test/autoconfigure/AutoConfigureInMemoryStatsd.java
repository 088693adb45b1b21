package io.github.statsd.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * On a Spring Boot test class: the application's {@code StatsdClient} (and {@code DogStatsdClient}) bean is an
 * {@link io.github.statsd.test.InMemoryStatsd}'s client, configured from the {@code statsd.*} properties like the
 * network one (prefix, tags, flavour), and the {@code InMemoryStatsd} bean can be injected to read its lines. No socket
 * is opened.
 *
 * <pre>{@code
 * @SpringBootTest
 * @AutoConfigureMockMvc
 * @AutoConfigureInMemoryStatsd
 * class OrderControllerTests {
 *     @Autowired MockMvc mvc;
 *     @Autowired InMemoryStatsd statsd;
 *
 *     @Test
 *     void timesTheRequest() throws Exception {
 *         mvc.perform(get("/orders/1")).andExpect(status().isOk());
 *         assertThat(statsd.find("http.server.requests", "uri:/orders/{id}", "status:200")).hasSize(1);
 *     }
 * }
 * }</pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration(InMemoryStatsdAutoConfiguration.class)
public @interface AutoConfigureInMemoryStatsd {}
