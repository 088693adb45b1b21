package io.github.statsd.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameTagCacheTest {

    private final LineWriter w = new LineWriter(1024);

    private String written() {
        return new String(w.array(), 0, w.length(), StandardCharsets.UTF_8);
    }

    @Test
    void findsEveryCachedNameAgainAfterTheCacheGrew() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 500; i++) {
                w.reset();
                w.cache().writeName("name." + i);
                assertThat(written()).isEqualTo("name." + i);
            }
        }
        assertThat(w.cache().cachedNames()).isEqualTo(500);
    }

    @Test
    void cachesAtMostMaxEntriesNamesAndTagsAndWritesTheRestAnew() {
        int names = BytesCache.MAX_ENTRIES + 10;
        for (int i = 0; i < names; i++) {
            w.reset();
            w.cache().writeName("n" + i);
            w.cache().writeTag("t" + i, AS_IS);
        }
        assertThat(w.cache().cachedNames()).isEqualTo(BytesCache.MAX_ENTRIES);
        assertThat(w.cache().cachedTags()).isEqualTo(BytesCache.MAX_ENTRIES);
        w.reset();
        w.cache().writeName("n" + (names - 1));
        assertThat(written()).isEqualTo("n" + (names - 1));
    }

    private static final NameTagCache.TagFormat AS_IS = Sanitizer.STATSD::write;

    @Test
    void writesRepeatedNamesAndTagsFromItsCaches() {
        for (int i = 0; i < 3; i++) {
            w.reset();
            // new strings each time: the caches compare content, not only identity
            w.cache().writeName(new String("svc.requests"));
            w.writeByte('|');
            w.cache().writeTag(new String("env:prod"), AS_IS);
            w.cache().writeTag("region:eu", AS_IS);

            assertThat(written()).isEqualTo("svc.requests|env_prodregion_eu");
        }
        // one entry each: a repeat was read from the cache, not encoded and added again
        assertThat(w.cache().cachedNames()).isEqualTo(1);
        assertThat(w.cache().cachedTags()).isEqualTo(2);
    }

    @Test
    void cachesNothingFromALineThatOverflowed() {
        LineWriter small = new LineWriter(24);
        small.writeBytes("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        small.cache().writeName("svc.requests");
        small.cache().writeTag("env:production", AS_IS);
        assertThat(small.overflowed()).isTrue();

        // written again on an empty line they fit, and come out whole, not as the cut-off bytes
        small.reset();
        small.cache().writeName("svc.requests");
        assertThat(small.toString()).isEqualTo("svc.requests");
        small.reset();
        small.cache().writeTag("env:production", AS_IS);
        assertThat(small.toString()).isEqualTo("env_production");
        assertThat(small.cache().cachedNames()).isEqualTo(1);
        assertThat(small.cache().cachedTags()).isEqualTo(1);
    }

    @Test
    void remembersNoTagsOfALineThatOverflowed() {
        String[] tags = {"env:production", "region:eu"};
        LineWriter small = new LineWriter(24);
        small.cache().writeName("svc");
        int start = small.length();
        for (String tag : tags) {
            small.cache().writeTag(tag, AS_IS);
        }
        assertThat(small.overflowed()).isTrue();
        small.cache().rememberTags(tags, start);

        small.reset();
        small.cache().writeName("svc");
        assertThat(small.cache().writeRememberedTags(tags)).isFalse();
        assertThat(small.toString()).isEqualTo("svc");

        // remembered from a line that fitted, they are written as they were
        String[] one = {tags[1]};
        start = small.length();
        small.cache().writeTag(one[0], AS_IS);
        small.cache().rememberTags(one, start);
        small.reset();
        small.cache().writeName("svc");
        assertThat(small.cache().writeRememberedTags(one)).isTrue();
        assertThat(small.toString()).isEqualTo("svcregion_eu");
    }
}
