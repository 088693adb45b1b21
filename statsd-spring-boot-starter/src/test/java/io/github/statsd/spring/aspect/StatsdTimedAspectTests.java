package io.github.statsd.spring.aspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.statsd.StatsdClient;
import io.github.statsd.annotation.StatsdTimed;
import io.github.statsd.spring.autoconfigure.StatsdAutoConfiguration;
import io.github.statsd.testing.UdpReceiver;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.aop.support.AopUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AliasFor;

@ExtendWith(OutputCaptureExtension.class)
class StatsdTimedAspectTests {

    private static final String NUMBER = "\\d+(\\.\\d+)?";

    private UdpReceiver receiver;
    private ApplicationContextRunner contextRunner;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = UdpReceiver.start();
        contextRunner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(
                        AopAutoConfiguration.class, StatsdAutoConfiguration.class, StatsdAspectAutoConfiguration.class))
                .withPropertyValues(
                        "statsd.host=127.0.0.1",
                        "statsd.port=" + receiver.port(),
                        "statsd.flavor=datadog",
                        "statsd.flush-interval=10ms")
                .withUserConfiguration(Services.class);
    }

    @AfterEach
    void stopReceiver() throws Exception {
        receiver.close();
    }

    @Test
    void timesAnnotatedMethodWithClassMethodAndExtraTags() {
        contextRunner.run(context -> {
            assertThat(context.getBean(Timed.class).work()).isEqualTo("done");
            awaitLine("work.time:" + NUMBER + "\\|ms\\|#class:Timed,method:work,exception:none,kind:test");
        });
    }

    @Test
    void tagsAndRethrowsTheException() {
        contextRunner.run(context -> {
            assertThatThrownBy(() -> context.getBean(Timed.class).fail())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad");
            awaitLine("method.timed:" + NUMBER + "\\|ms\\|#class:Timed,method:fail,exception:IllegalArgumentException");
        });
    }

    @Test
    void timesCompletionStageWhenItCompletes() {
        contextRunner.run(context -> {
            CompletableFuture<String> pending = new CompletableFuture<>();
            CompletionStage<String> result = context.getBean(Timed.class).later(pending);
            assertThat(result).isNotNull();
            // nothing is recorded while the stage is pending: send a marker through the same client and wait for it
            StatsdClient client = context.getBean(StatsdClient.class);
            client.increment("marker");
            awaitLine("marker:1\\|c");
            assertThat(receiver.lines()).noneMatch(line -> line.startsWith("async.time"));
            pending.completeExceptionally(new IllegalStateException("late"));
            awaitLine("async.time:" + NUMBER + "\\|ms\\|#class:Timed,method:later,exception:IllegalStateException");
        });
    }

    @Test
    void sendsHistogramWhenAsked() {
        contextRunner.run(context -> {
            context.getBean(Timed.class).histogram();
            awaitLine("hist.time:" + NUMBER + "\\|h\\|#class:Timed,method:histogram,exception:none");
        });
    }

    @Test
    void sendsDistributionWhenAsked() {
        contextRunner.run(context -> {
            context.getBean(Timed.class).distribution();
            awaitLine("dist.time:" + NUMBER + "\\|d\\|#class:Timed,method:distribution,exception:none");
        });
    }

    @Test
    void sendsTimersForHistogramAndDistributionWithoutDogStatsd() {
        contextRunner.withPropertyValues("statsd.flavor=telegraf").run(context -> {
            Timed timed = context.getBean(Timed.class);
            timed.histogram();
            timed.distribution();
            awaitLine("hist.time,class=Timed,method=histogram,exception=none:" + NUMBER + "\\|ms");
            awaitLine("dist.time,class=Timed,method=distribution,exception=none:" + NUMBER + "\\|ms");
        });
    }

    @Test
    void dropsCountsAndLogsOnceAMethodAskingForBothHistogramAndDistribution(CapturedOutput output) {
        contextRunner.run(context -> {
            Timed timed = context.getBean(Timed.class);
            timed.both();
            timed.both();
            StatsdClient client = context.getBean(StatsdClient.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().droppedInvalid() == 2);
            client.increment("marker");
            awaitLine("marker:1\\|c");
            assertThat(receiver.lines()).noneMatch(line -> line.startsWith("both.time"));
            assertThat(output.getOut().split("Timed.both\\(\\) asks for both a histogram and a distribution", -1))
                    .hasSize(2);
        });
    }

    @Test
    void usesTheClientsSampleRateByDefault() {
        contextRunner.withPropertyValues("statsd.sample-rate=0.5").run(context -> {
            Timed timed = context.getBean(Timed.class);
            for (int i = 0; i < 64; i++) {
                timed.work();
            }
            awaitLine("work.time:" + NUMBER + "\\|ms\\|@0.5\\|#class:Timed,method:work,exception:none,kind:test");
            assertThat(context.getBean(StatsdClient.class).stats().sampledOut()).isPositive();
        });
    }

    @Test
    void explicitSampleRateOverridesTheClients() {
        contextRunner.withPropertyValues("statsd.sample-rate=0.5").run(context -> {
            Timed timed = context.getBean(Timed.class);
            for (int i = 0; i < 20; i++) {
                timed.alwaysSent();
            }
            String regex = "rated.time:" + NUMBER + "\\|ms\\|#class:Timed,method:alwaysSent,exception:none";
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.lines())
                    .filteredOn(line -> line.matches(regex))
                    .hasSize(20));
        });
    }

    @Test
    void dropsCountsAndLogsOnceAnOutOfRangeSampleRate(CapturedOutput output) {
        contextRunner.run(context -> {
            Timed timed = context.getBean(Timed.class);
            timed.badRate();
            timed.badRate();
            StatsdClient client = context.getBean(StatsdClient.class);
            await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().droppedInvalid() == 2);
            client.increment("marker");
            awaitLine("marker:1\\|c");
            assertThat(receiver.lines()).noneMatch(line -> line.startsWith("bad.rate"));
            assertThat(output.getOut().split("Timed.badRate\\(\\) has sampleRate 2.0, not in \\(0, 1]", -1))
                    .hasSize(2);
        });
    }

    @Test
    void namesAnAnonymousException() {
        contextRunner.run(context -> {
            assertThatThrownBy(() -> context.getBean(Timed.class).failAnonymously())
                    .isInstanceOf(IllegalStateException.class);
            awaitLine("anon.time:" + NUMBER + "\\|ms\\|#class:Timed,method:failAnonymously,"
                    + "exception:io.github.statsd.spring.aspect.StatsdTimedAspectTests\\$Timed\\$\\d+");
        });
    }

    @Test
    void timesEveryMethodOfAnAnnotatedClass() {
        contextRunner.run(context -> {
            context.getBean(TimedClass.class).one();
            awaitLine("class.time:" + NUMBER + "\\|ms\\|#class:TimedClass,method:one,exception:none");
        });
    }

    @Test
    void doesNotTimeSelfInvocation() {
        contextRunner.run(context -> {
            context.getBean(Timed.class).callsWorkInternally();
            context.getBean(StatsdClient.class).increment("marker");
            awaitLine("marker:1\\|c");
            assertThat(receiver.lines()).noneMatch(line -> line.startsWith("work.time"));
        });
    }

    @Test
    void backsOffWhenDisabled() {
        contextRunner.withPropertyValues("statsd.aspect.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(StatsdTimedAspect.class));
    }

    @Test
    void backsOffWhenAspectBeanExists() {
        contextRunner
                .withBean("myAspect", StatsdTimedAspect.class, () -> new StatsdTimedAspect(null))
                .run(context ->
                        assertThat(context).getBeans(StatsdTimedAspect.class).containsOnlyKeys("myAspect"));
    }

    @Test
    void timesJdkProxyThroughTheAnnotationOnTheImplementationMethod() {
        jdkProxies().run(context -> {
            Greeter greeter = context.getBean("greeter", Greeter.class);
            assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
            assertThat(greeter.greet("ann")).isEqualTo("hello ann");
            awaitLine("greet.time:" + NUMBER + "\\|ms\\|#class:GreeterImpl,method:greet,exception:none");
        });
    }

    @Test
    void timesJdkProxyThroughTheAnnotationOnTheImplementationClass() {
        jdkProxies().run(context -> {
            Greeter greeter = context.getBean("classGreeter", Greeter.class);
            assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
            greeter.greet("bob");
            awaitLine("greeter.time:" + NUMBER + "\\|ms\\|#class:ClassGreeter,method:greet,exception:none");
        });
    }

    @Test
    void timesJdkProxyThroughAComposedAnnotationOnTheImplementation() {
        jdkProxies().run(context -> {
            Greeter greeter = context.getBean("composedGreeter", Greeter.class);
            assertThat(AopUtils.isJdkDynamicProxy(greeter)).isTrue();
            greeter.greet("cy");
            awaitLine("composed.time:" + NUMBER
                    + "\\|ms\\|#class:ComposedGreeter,method:greet,exception:none,kind:composed");
        });
    }

    @Test
    void timesAMethodWithAComposedAnnotation() {
        contextRunner.run(context -> {
            context.getBean(Composed.class).plain();
            awaitLine("composed.time:" + NUMBER + "\\|ms\\|#class:Composed,method:plain,exception:none,kind:composed");
        });
    }

    @Test
    void composedAnnotationOverridesTheNameThroughAnAlias() {
        contextRunner.run(context -> {
            context.getBean(Composed.class).renamed();
            awaitLine("renamed.time:" + NUMBER + "\\|ms\\|#class:Composed,method:renamed,exception:none,kind:composed");
        });
    }

    @Test
    void timesAMethodWithAnAnnotationComposedOfAComposedAnnotation() {
        contextRunner.run(context -> {
            context.getBean(Composed.class).twice();
            awaitLine("twice.time:" + NUMBER + "\\|ms\\|#class:Composed,method:twice,exception:none,kind:composed");
        });
    }

    @Test
    void timesEveryMethodOfAClassWithAnAnnotationComposedOfAComposedAnnotation() {
        contextRunner.run(context -> {
            context.getBean(TwiceComposedClass.class).any();
            awaitLine("twice.time:" + NUMBER
                    + "\\|ms\\|#class:TwiceComposedClass,method:any,exception:none,kind:composed");
        });
    }

    @Test
    void timesEveryMethodOfAClassWithAComposedAnnotation() {
        contextRunner.run(context -> {
            context.getBean(ComposedClass.class).any();
            awaitLine(
                    "composed.time:" + NUMBER + "\\|ms\\|#class:ComposedClass,method:any,exception:none,kind:composed");
        });
    }

    private ApplicationContextRunner jdkProxies() {
        return contextRunner
                .withPropertyValues("spring.aop.proxy-target-class=false")
                .withUserConfiguration(Greeters.class);
    }

    private void awaitLine(String regex) {
        try {
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> receiver.lines().stream().anyMatch(line -> line.matches(regex)));
        } catch (ConditionTimeoutException ex) {
            throw new AssertionError("no line matching " + regex + " among " + receiver.lines(), ex);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Services {

        @Bean
        Timed timed() {
            return new Timed();
        }

        @Bean
        TimedClass timedClass() {
            return new TimedClass();
        }

        @Bean
        Composed composed() {
            return new Composed();
        }

        @Bean
        ComposedClass composedClass() {
            return new ComposedClass();
        }

        @Bean
        TwiceComposedClass twiceComposedClass() {
            return new TwiceComposedClass();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Greeters {

        @Bean
        Greeter greeter() {
            return new GreeterImpl();
        }

        @Bean
        Greeter classGreeter() {
            return new ClassGreeter();
        }

        @Bean
        Greeter composedGreeter() {
            return new ComposedGreeter();
        }
    }

    /** A composed annotation: the same semantics as the {@code @StatsdTimed} it carries, its name overridable. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @StatsdTimed(tags = "kind:composed")
    @interface ComposedTimed {

        @AliasFor(annotation = StatsdTimed.class, attribute = "value")
        String value() default "composed.time";
    }

    /** Two levels of meta-annotation. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.METHOD, ElementType.TYPE})
    @ComposedTimed("twice.time")
    @interface TwiceComposedTimed {}

    interface Greeter {

        String greet(String name);
    }

    static class GreeterImpl implements Greeter {

        @Override
        @StatsdTimed("greet.time")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @StatsdTimed("greeter.time")
    static class ClassGreeter implements Greeter {

        @Override
        public String greet(String name) {
            return "hello " + name;
        }
    }

    static class ComposedGreeter implements Greeter {

        @Override
        @ComposedTimed
        public String greet(String name) {
            return "hello " + name;
        }
    }

    static class Composed {

        @ComposedTimed
        public void plain() {}

        @ComposedTimed("renamed.time")
        public void renamed() {}

        @TwiceComposedTimed
        public void twice() {}
    }

    @ComposedTimed
    static class ComposedClass {

        public void any() {}
    }

    @TwiceComposedTimed
    static class TwiceComposedClass {

        public void any() {}
    }

    static class Timed {

        @StatsdTimed(value = "work.time", tags = "kind:test")
        public String work() {
            return "done";
        }

        @StatsdTimed
        public String fail() {
            throw new IllegalArgumentException("bad");
        }

        @StatsdTimed("async.time")
        public CompletionStage<String> later(CompletableFuture<String> pending) {
            return pending;
        }

        @StatsdTimed(value = "hist.time", histogram = true)
        public void histogram() {}

        @StatsdTimed(value = "dist.time", distribution = true)
        public void distribution() {}

        @StatsdTimed(value = "both.time", histogram = true, distribution = true)
        public void both() {}

        @StatsdTimed(value = "rated.time", sampleRate = 1.0)
        public void alwaysSent() {}

        @StatsdTimed(value = "bad.rate", sampleRate = 2.0)
        public void badRate() {}

        @StatsdTimed("anon.time")
        public void failAnonymously() {
            throw new IllegalStateException("anonymous") {};
        }

        public List<String> callsWorkInternally() {
            return List.of(work());
        }
    }

    @StatsdTimed("class.time")
    static class TimedClass {

        public void one() {}
    }
}
