#!/usr/bin/env bash
# A Spring Boot 4 application that adds the starter must get no Spring Boot 3.x artifact: the starter's published
# POM is built against Boot 3.5, so this resolves it from outside the reactor, as a user's Boot 4 build would.
# The Micrometer registry module is added too, as a Boot 4 user who wants it would.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
boot4=$(mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=spring-boot4.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
mvn -B -q -pl .,statsd-core,statsd-test,statsd-micrometer,statsd-spring-boot-starter install -DskipTests -Dspotless.check.skip=true

app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
cat >"$app/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
    <modelVersion>4.0.0</modelVersion>
    <parent>
        <groupId>org.springframework.boot</groupId>
        <artifactId>spring-boot-starter-parent</artifactId>
        <version>$boot4</version>
        <relativePath/>
    </parent>
    <groupId>example</groupId>
    <artifactId>boot4-app</artifactId>
    <version>1</version>
    <dependencies>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-web</artifactId>
        </dependency>
        <dependency>
            <groupId>org.springframework.boot</groupId>
            <artifactId>spring-boot-starter-actuator</artifactId>
        </dependency>
        <dependency>
            <groupId>io.github.statsd</groupId>
            <artifactId>statsd-spring-boot-starter</artifactId>
            <version>$version</version>
        </dependency>
        <dependency>
            <groupId>io.github.statsd</groupId>
            <artifactId>statsd-micrometer</artifactId>
            <version>$version</version>
        </dependency>
    </dependencies>
</project>
POM
mvn -B -q -f "$app/pom.xml" dependency:tree -DoutputFile="$app/tree.txt"
if grep -E 'org\.springframework\.boot:[^:]+:jar:3\.' "$app/tree.txt"; then
    echo "check-boot4-classpath: a Spring Boot 3.x artifact reaches a Boot $boot4 application (above)" >&2
    exit 1
fi
grep -q 'io.github.statsd:statsd-spring-boot-starter' "$app/tree.txt" \
    || { echo "check-boot4-classpath: the starter is not in the tree" >&2; exit 1; }
grep -q 'io.github.statsd:statsd-micrometer' "$app/tree.txt" \
    || { echo "check-boot4-classpath: the Micrometer registry is not in the tree" >&2; exit 1; }
# the registry must run on the application's Micrometer (Boot 4's 1.16), not on the 1.15 it was built against
grep -o 'io\.micrometer:micrometer-core:jar:[^:]*' "$app/tree.txt" | head -1
if grep -E 'io\.micrometer:micrometer-core:jar:1\.15\.' "$app/tree.txt"; then
    echo "check-boot4-classpath: Micrometer 1.15 reaches a Boot $boot4 application (above)" >&2
    exit 1
fi
echo "check-boot4-classpath: no Spring Boot 3.x artifact in a Boot $boot4 application's tree"
