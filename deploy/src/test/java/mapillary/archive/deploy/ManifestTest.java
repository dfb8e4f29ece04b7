package mapillary.archive.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import mapillary.archive.common.kafka.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Renders each kustomize overlay and checks the invariants that keep the manifests consistent with the services:
 * KEDA follows the fetcher's Kafka channel, replicas fit the partitions, probes, limits, no inline secrets, ports
 * that match the services and their Dockerfiles, the shared volume, and the topics' partition counts.
 */
class ManifestTest {

    private static final Pattern SECRET_LIKE = Pattern.compile(".*(TOKEN|KEY|SECRET|PASSWORD|PASSWD|CREDENTIAL).*");
    private static final String FETCHER = "fetcher";

    /** Rendered once per overlay (the tests only read them). */
    private static final Map<String, Manifests> RENDERED = new ConcurrentHashMap<>();

    private static Manifests render(String overlay) {
        return RENDERED.computeIfAbsent(overlay,
                name -> Manifests.render(ProjectFiles.k8s().resolve("overlays").resolve(name)));
    }

    // ---------------------------------------------------------------- KEDA

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void scaledObjectFollowsTheFetchersImageTaskChannel(String overlay) {
        Manifests manifests = render(overlay);
        ObjectNode scaledObject = manifests.single("ScaledObject");
        JsonNode trigger = kafkaTrigger(scaledObject);
        FetcherChannel channel = FetcherChannel.read();

        assertThat(trigger.path("topic").asText()).as("topic, set explicitly").isEqualTo(channel.topic());
        assertThat(trigger.path("consumerGroup").asText()).isEqualTo(channel.groupId()).isEqualTo("fetcher");
        assertThat(trigger.path("offsetResetPolicy").asText()).isEqualTo(channel.autoOffsetReset());
        assertThat(scaledObject.path("spec").path("scaleTargetRef").path("name").asText()).isEqualTo(FETCHER);
        assertThat(manifests.named("Deployment", FETCHER).path("spec").has("replicas"))
                .as("KEDA owns the fetcher's replica count; a replicas field would fight it on every apply")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void fetcherReplicasAreCappedByTheImageTaskPartitions(String overlay) {
        Manifests manifests = render(overlay);
        JsonNode spec = manifests.single("ScaledObject").path("spec");
        JsonNode trigger = kafkaTrigger(manifests.single("ScaledObject"));
        int max = spec.path("maxReplicaCount").asInt(-1);
        int min = spec.path("minReplicaCount").asInt(0);

        assertThat(max).isEqualTo(Topics.PARTITIONS.get(Topics.IMAGE_TASKS));
        assertThat(max).isLessThanOrEqualTo(declaredPartitions(manifests, overlay).get(Topics.IMAGE_TASKS));
        assertThat(min).isBetween(0, 1);
        assertThat(trigger.path("allowIdleConsumers").asText("false")).isEqualTo("false");
        assertThat(Integer.parseInt(trigger.path("lagThreshold").asText())).isPositive();
        if (min == 0) {
            assertThat(trigger.path("activationLagThreshold").asText())
                    .as("at 0 replicas any lag must wake a fetcher, or small harvests never finish")
                    .isEqualTo("0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void kedaPollsTheBrokersTheServicesUse(String overlay) {
        Manifests manifests = render(overlay);
        String bootstrap = configMap(manifests).path("data").path("KAFKA_BOOTSTRAP_SERVERS").asText();
        JsonNode trigger = kafkaTrigger(manifests.single("ScaledObject"));

        assertThat(trigger.path("bootstrapServers").asText()).isEqualTo(bootstrap);
        assertThat(bootstrap.split(",")).allSatisfy(server -> assertThat(server)
                .as("KEDA's operator runs in another namespace: brokers need a namespace-qualified name")
                .matches("[a-z0-9.-]+\\.[a-z0-9-]+(\\.svc(\\.[a-z0-9.-]+)?)?:\\d+"));
        if (overlay.equals("strimzi")) {
            ObjectNode kafka = manifests.single("Kafka");
            JsonNode plain = kafka.path("spec").path("kafka").path("listeners").get(0);
            assertThat(plain.path("tls").asBoolean(true)).isFalse();
            assertThat(bootstrap).isEqualTo(kafka.path("metadata").path("name").asText() + "-kafka-bootstrap."
                    + kafka.path("metadata").path("namespace").asText() + ".svc:" + plain.path("port").asInt());
        }
    }

    // ---------------------------------------------------------------- topics

    @Test
    void strimziTopicsHaveThePartitionCountsOfTopics() {
        Manifests manifests = render("strimzi");
        String cluster = manifests.single("Kafka").path("metadata").path("name").asText();

        assertThat(declaredPartitions(manifests, "strimzi")).isEqualTo(Topics.PARTITIONS);
        assertThat(manifests.ofKind("KafkaTopic")).allSatisfy(topic -> {
            assertThat(topic.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo(cluster);
            assertThat(topic.path("spec").path("replicas").asInt()).isLessThanOrEqualTo(
                    manifests.single("KafkaNodePool").path("spec").path("replicas").asInt());
        });
        assertThat(manifests.single("KafkaNodePool").path("spec").path("roles"))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("controller", "broker");
        assertThat(manifests.single("Kafka").path("metadata").path("annotations").path("strimzi.io/kraft").asText())
                .isEqualTo("enabled");
    }

    @Test
    void theProgressTopicIsCompactedInBothOverlays() {
        ObjectNode topic = render("strimzi").ofKind("KafkaTopic").stream()
                .filter(t -> t.path("spec").path("topicName").asText().equals(Topics.HARVEST_PROGRESS))
                .findFirst().orElseThrow();
        assertThat(topic.path("spec").path("config").path("cleanup.policy").asText()).isEqualTo("compact");
        JsonNode container = render("existing-kafka").single("Job").path("spec").path("template").path("spec")
                .path("containers").get(0);
        List<String> specs = new ArrayList<>();
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("TOPICS")) {
                specs.addAll(List.of(env.path("value").asText().trim().split("\\s+")));
            }
        }
        assertThat(specs).contains(Topics.HARVEST_PROGRESS + ":" + Topics.PARTITIONS.get(Topics.HARVEST_PROGRESS)
                + ":compact");
    }

    @Test
    void existingKafkaBringsNoKafkaButCreatesTheTopics() {
        Manifests manifests = render("existing-kafka");

        assertThat(manifests.objects()).extracting(o -> o.path("kind").asText())
                .doesNotContain("Kafka", "KafkaNodePool", "KafkaTopic");
        assertThat(declaredPartitions(manifests, "existing-kafka")).isEqualTo(Topics.PARTITIONS);
    }

    // ---------------------------------------------------------------- containers

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void everyServiceContainerHasProbesResourcesAndNoRoot(String overlay) {
        Manifests manifests = render(overlay);

        assertThat(manifests.ofKind("Deployment")).extracting(Manifests::baseName)
                .containsExactlyInAnyOrderElementsOf(ProjectFiles.SERVICES);
        for (ObjectNode deployment : manifests.ofKind("Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).isTrue();
            for (JsonNode container : pod.path("containers")) {
                String where = Manifests.baseName(deployment) + "/" + container.path("name").asText();
                assertProbe(container, "startupProbe", "/q/health/started", where);
                assertProbe(container, "livenessProbe", "/q/health/live", where);
                assertProbe(container, "readinessProbe", "/q/health/ready", where);
                assertThat(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true))
                        .as(where).isFalse();
            }
        }
        for (JsonNode container : allContainers(manifests)) {
            for (String bound : List.of("requests", "limits")) {
                JsonNode resources = container.path("resources").path(bound);
                assertThat(resources.path("cpu").asText()).as(container.path("name") + " " + bound + ".cpu")
                        .isNotEmpty();
                assertThat(resources.path("memory").asText()).as(container.path("name") + " " + bound + ".memory")
                        .isNotEmpty();
            }
        }
    }

    @Test
    void fetcherMemoryLimitFitsTheDesignTarget() {
        JsonNode container = render("strimzi").named("Deployment", FETCHER)
                .path("spec").path("template").path("spec").path("containers").get(0);
        long limit = bytes(container.path("resources").path("limits").path("memory").asText());
        long request = bytes(container.path("resources").path("requests").path("memory").asText());

        // DESIGN section 4: <= 256 MB RSS at 256 in flight; the limit leaves room for cwebp, not for a leak
        assertThat(limit).isGreaterThan(256L << 20).isLessThanOrEqualTo(512L << 20);
        assertThat(request).isLessThanOrEqualTo(limit);
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void noSecretValueIsInlined(String overlay) {
        Manifests manifests = render(overlay);
        Map<String, String> example = secretExample();

        assertThat(manifests.ofKind("Secret")).as("Secrets are created by hand, never shipped").isEmpty();
        assertThat(configMap(manifests).path("data").fieldNames()).toIterable()
                .noneMatch(key -> SECRET_LIKE.matcher(key).matches());
        List<JsonNode> secretRefs = new ArrayList<>();
        for (JsonNode container : allContainers(manifests)) {
            for (JsonNode env : container.path("env")) {
                String name = env.path("name").asText();
                if (SECRET_LIKE.matcher(name).matches()) {
                    assertThat(env.has("value")).as(container.path("name") + " env " + name + " inlined").isFalse();
                    assertThat(env.path("valueFrom").has("secretKeyRef")).as(name).isTrue();
                }
                if (env.path("valueFrom").has("secretKeyRef")) {
                    secretRefs.add(env.path("valueFrom").path("secretKeyRef"));
                }
            }
            assertThat(container.path("envFrom")).noneMatch(source -> source.has("secretRef"));
        }
        assertThat(secretRefs).extracting(ref -> ref.path("key").asText()).containsAll(
                List.of("MAPILLARY_TOKEN", "IA_ACCESS_KEY", "IA_SECRET_KEY", "HARVESTER_API_KEY"));
        assertThat(secretRefs).allSatisfy(ref -> {
            assertThat(ref.path("name").asText()).isEqualTo("mapillary-archive-secrets");
            assertThat(example).as("documented in secret.example.env").containsKey(ref.path("key").asText());
            assertThat(ref.path("optional").asBoolean()).as("every service runs without " + ref.path("key"))
                    .isTrue();
        });
    }

    @Test
    void secretExampleHoldsOnlyPlaceholders() {
        assertThat(secretExample()).isNotEmpty().allSatisfy((key, value) ->
                assertThat(value).as(key).containsIgnoringCase("replace"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void portsAndImagesMatchTheServicesAndTheirDockerfiles(String overlay) {
        Manifests manifests = render(overlay);
        String version = System.getProperty("project.version", "0.1.0-SNAPSHOT");

        for (String service : ProjectFiles.SERVICES) {
            int port = Integer.parseInt(ProjectFiles.property(service, "quarkus.http.port").orElseThrow());
            ObjectNode deployment = manifests.named("Deployment", service);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            JsonNode container = pod.path("containers").get(0);
            JsonNode http = container.path("ports").get(0);
            ObjectNode svc = manifests.named("Service", service);
            JsonNode servicePort = svc.path("spec").path("ports").get(0);

            assertThat(pod.path("containers")).as(service).hasSize(1);
            assertThat(container.path("image").asText()).isEqualTo("mapillary-archive/" + service + ":" + version);
            assertThat(http.path("containerPort").asInt()).as(service).isEqualTo(port);
            assertThat(ProjectFiles.exposedPorts(service)).as(service + " Dockerfile EXPOSE").containsExactly(port);
            assertThat(servicePort.path("port").asInt()).as(service).isEqualTo(port);
            assertThat(servicePort.path("targetPort").asText()).isIn(http.path("name").asText(), "" + port);
            JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
            svc.path("spec").path("selector").fields().forEachRemaining(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).as(service + " selector " + label.getKey())
                            .isEqualTo(label.getValue().asText()));
            deployment.path("spec").path("selector").path("matchLabels").fields().forEachRemaining(label ->
                    assertThat(podLabels.path(label.getKey()).asText()).isEqualTo(label.getValue().asText()));
            String user = ProjectFiles.instructions(service, "USER").getLast();
            assertThat(user).as(service + " image user").isNotIn("0", "root").matches("\\d+");
            assertThat(pod.path("securityContext").path("runAsUser").asText()).isEqualTo(user);
        }
    }

    @Test
    void dockerfilesPackageTheQuarkusAppAndTheWebpTools() {
        for (String service : ProjectFiles.SERVICES) {
            assertThat(ProjectFiles.instructions(service, "COPY")).as(service).anySatisfy(c -> assertThat(c)
                    .contains("target/quarkus-app/lib/")).anySatisfy(c -> assertThat(c)
                    .contains("target/quarkus-app/*.jar")).anySatisfy(c -> assertThat(c)
                    .contains("target/quarkus-app/app/")).anySatisfy(c -> assertThat(c)
                    .contains("target/quarkus-app/quarkus/"));
            assertThat(ProjectFiles.instructions(service, "ENTRYPOINT").getLast()).contains("quarkus-run.jar");
        }
        for (String service : List.of("fetcher", "archiver")) {
            assertThat(ProjectFiles.instructions(service, "RUN")).as(service + " installs cwebp/dwebp")
                    .anySatisfy(run -> assertThat(run).containsPattern("apt-get install .*\\bwebp\\b"));
        }
    }

    // ---------------------------------------------------------------- volume, config, monitoring

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void everyServiceMountsTheSharedVolumeAtArchiveDataDir(String overlay) {
        Manifests manifests = render(overlay);
        ObjectNode pvc = manifests.single("PersistentVolumeClaim");
        ObjectNode config = configMap(manifests);
        String dataDir = config.path("data").path("ARCHIVE_DATA_DIR").asText();

        assertThat(pvc.path("spec").path("accessModes")).extracting(JsonNode::asText).contains("ReadWriteMany");
        assertThat(dataDir).startsWith("/");
        for (ObjectNode deployment : manifests.ofKind("Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            String volume = null;
            for (JsonNode v : pod.path("volumes")) {
                if (v.path("persistentVolumeClaim").path("claimName").asText()
                        .equals(pvc.path("metadata").path("name").asText())) {
                    volume = v.path("name").asText();
                }
            }
            assertThat(volume).as(Manifests.baseName(deployment) + " uses the PVC").isNotNull();
            JsonNode container = pod.path("containers").get(0);
            Set<String> mounts = new HashSet<>();
            for (JsonNode mount : container.path("volumeMounts")) {
                if (mount.path("name").asText().equals(volume)) {
                    mounts.add(mount.path("mountPath").asText());
                }
            }
            assertThat(mounts).as(Manifests.baseName(deployment)).containsExactly(dataDir);
            assertThat(container.path("envFrom")).as(Manifests.baseName(deployment) + " gets the ConfigMap")
                    .anySatisfy(source -> assertThat(source.path("configMapRef").path("name").asText())
                            .isEqualTo(config.path("metadata").path("name").asText()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void configMapHoldsTheDesignsEnvironmentReadByTheServices(String overlay) {
        JsonNode data = configMap(render(overlay)).path("data");
        Set<String> keys = new TreeSet<>();
        data.fieldNames().forEachRemaining(keys::add);
        String allProperties = ProjectFiles.SERVICES.stream()
                .map(s -> ProjectFiles.root().resolve(s).resolve("src/main/resources/application.properties"))
                .map(ManifestTest::read)
                .collect(Collectors.joining("\n"));

        assertThat(keys).containsExactlyInAnyOrder(
                "KAFKA_BOOTSTRAP_SERVERS", "ARCHIVE_DATA_DIR", "MAPILLARY_API_URL", "IA_URL", "IA_S3_URL");
        assertThat(keys).allSatisfy(key -> assertThat(allProperties).as("a service reads " + key)
                .contains("${" + key + ":"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void serviceMonitorScrapesServicesThatServeMetrics(String overlay) {
        Manifests manifests = render(overlay);
        ObjectNode monitor = manifests.single("ServiceMonitor");
        JsonNode selector = monitor.path("spec").path("selector").path("matchLabels");
        List<ObjectNode> selected = manifests.ofKind("Service").stream()
                .filter(svc -> {
                    JsonNode labels = svc.path("metadata").path("labels");
                    Map<String, String> wanted = new HashMap<>();
                    selector.fields().forEachRemaining(e -> wanted.put(e.getKey(), e.getValue().asText()));
                    return wanted.entrySet().stream()
                            .allMatch(e -> labels.path(e.getKey()).asText().equals(e.getValue()));
                })
                .toList();

        assertThat(monitor.path("spec").path("endpoints")).allSatisfy(endpoint -> {
            assertThat(endpoint.path("path").asText()).isEqualTo("/q/metrics");
            assertThat(endpoint.path("port").asText()).isEqualTo("http");
        });
        assertThat(selected).extracting(Manifests::baseName).contains(FETCHER);
        assertThat(selected).allSatisfy(svc -> assertThat(ProjectFiles.pom(Manifests.baseName(svc)))
                .as(Manifests.baseName(svc) + " serves /q/metrics")
                .contains("<artifactId>quarkus-micrometer-registry-prometheus</artifactId>"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void everythingLivesInOneNamespace(String overlay) {
        Manifests manifests = render(overlay);
        String namespace = manifests.single("Namespace").path("metadata").path("name").asText();

        assertThat(manifests.objects()).filteredOn(o -> !o.path("kind").asText().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.path("metadata").path("namespace").asText())
                        .as(o.path("kind").asText() + " " + Manifests.baseName(o)).isEqualTo(namespace));
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void grafanaDashboardShipsAsASidecarConfigMapOfMetricsTheServicesExport(String overlay) throws IOException {
        Path json = ProjectFiles.root().resolve("deploy/grafana/mapillary-archive.json");
        assumeThat(json).as("the dashboard JSON").exists();
        JsonNode dashboard = Manifests.YAML.readTree(Files.readString(json));
        List<ObjectNode> shipped = render(overlay).ofKind("ConfigMap").stream()
                .filter(cm -> cm.path("metadata").path("labels").path("grafana_dashboard").asText().equals("1"))
                .toList();

        assertThat(shipped).hasSize(1);
        assertThat(Manifests.YAML.readTree(shipped.getFirst().path("data").path(json.getFileName().toString())
                .asText())).as("the ConfigMap holds the dashboard as is").isEqualTo(dashboard);
        String sources = ProjectFiles.SERVICES.stream()
                .map(ManifestTest::javaSources)
                .collect(Collectors.joining("\n"));
        List<String> expressions = dashboard.findValues("expr").stream().map(JsonNode::asText).toList();
        assertThat(expressions).isNotEmpty();
        assertThat(unregisteredMetrics(expressions, sources)).as("dashboard series no service registers").isEmpty();
    }

    @Test
    void aDashboardSeriesThatNoServiceRegistersIsReported() {
        String sources = "registry.counter(\"fetcher.images.downloaded\"); Gauge.builder(\"mapillary.archive.users\"";
        List<String> expressions = List.of(
                "sum(rate(fetcher_images_downloaded_total{job=\"fetcher\"}[5m]))",
                "max(mapillary_archive_users{job=~\"$job\"})",
                "max(kafka_consumergroup_lag{consumergroup=\"fetcher\"})",
                "max(mapillary_archive_typo{job=~\"$job\"})");

        assertThat(unregisteredMetrics(expressions, sources)).containsExactly("mapillary_archive_typo");
    }

    /** Series selected in PromQL expressions whose meter name appears in none of the sources. */
    private static Set<String> unregisteredMetrics(List<String> expressions, String sources) {
        var selector = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{").matcher(String.join("\n", expressions));
        Set<String> unknown = new TreeSet<>();
        while (selector.find()) {
            String metric = selector.group(1);
            if (meterNames(metric).stream()
                    .noneMatch(name -> name.startsWith("external:") || sources.contains("\"" + name + "\""))) {
                unknown.add(metric);
            }
        }
        return unknown;
    }

    /** The Micrometer names a Prometheus series name may come from (suffixes _total, _bucket, ... removed). */
    private static List<String> meterNames(String metric) {
        if (metric.matches("(kafka|keda|jvm|process|system|http_server|kube)_.*") || metric.equals("up")) {
            return List.of("external:" + metric);
        }
        String base = metric.replaceFirst("_(total|bucket|count|sum|max)$", "");
        return List.of(metric.replace('_', '.'), base.replace('_', '.'),
                base.replaceFirst("_(seconds|bytes)$", "").replace('_', '.'));
    }

    private static String javaSources(String module) {
        try (var files = Files.walk(ProjectFiles.root().resolve(module).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).map(ManifestTest::read)
                    .collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- the fallback reader

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "existing-kafka"})
    void fileReaderSeesWhatKubectlRenders(String overlay) {
        var kubectl = Manifests.kubectl();
        assumeThat(kubectl).as("kubectl on the PATH").isPresent();
        Path dir = ProjectFiles.k8s().resolve("overlays").resolve(overlay);
        List<ObjectNode> rendered = Manifests.kubectlKustomize(kubectl.get(), dir);
        Manifests read = Manifests.readFiles(dir);

        assertThat(identities(read.objects())).isEqualTo(identities(rendered));
        Map<String, JsonNode> expected = byIdentity(rendered);
        byIdentity(read.objects()).forEach((identity, object) ->
                assertThat(object).as(identity).isEqualTo(expected.get(identity)));
    }

    // ---------------------------------------------------------------- helpers

    /** The fetcher's (only) incoming channel on the image-tasks topic, as its application.properties configures it. */
    record FetcherChannel(String topic, String groupId, String autoOffsetReset) {

        /** Fails unless exactly one incoming channel of the fetcher reads {@link Topics#IMAGE_TASKS}. */
        static FetcherChannel read() {
            Properties properties = ProjectFiles.applicationProperties(FETCHER);
            List<String> channels = properties.stringPropertyNames().stream()
                    .filter(key -> key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic"))
                    .filter(key -> properties.getProperty(key).trim().equals(Topics.IMAGE_TASKS))
                    .map(key -> key.substring("mp.messaging.incoming.".length(), key.length() - ".topic".length()))
                    .toList();
            assertThat(channels).as("fetcher channels consuming " + Topics.IMAGE_TASKS).hasSize(1);
            String prefix = "mp.messaging.incoming." + channels.getFirst() + ".";
            // SmallRye's defaults: group.id = quarkus.application.name, Kafka's auto.offset.reset = latest
            String group = properties.getProperty(prefix + "group.id",
                    properties.getProperty("quarkus.application.name", "")).trim();
            String reset = properties.getProperty(prefix + "auto.offset.reset", "latest").trim();
            return new FetcherChannel(Topics.IMAGE_TASKS, group, reset);
        }
    }

    private static JsonNode kafkaTrigger(ObjectNode scaledObject) {
        List<JsonNode> kafka = new ArrayList<>();
        scaledObject.path("spec").path("triggers").forEach(t -> {
            if (t.path("type").asText().equals("kafka")) {
                kafka.add(t.path("metadata"));
            }
        });
        assertThat(kafka).as("one kafka trigger").hasSize(1);
        return kafka.getFirst();
    }

    private static ObjectNode configMap(Manifests manifests) {
        return manifests.named("ConfigMap", "mapillary-archive-config");
    }

    /** Topic -> partitions as the overlay creates them: KafkaTopic resources, or the topic Job's TOPICS list. */
    private static Map<String, Integer> declaredPartitions(Manifests manifests, String overlay) {
        Map<String, Integer> partitions = new HashMap<>();
        if (overlay.equals("strimzi")) {
            for (ObjectNode topic : manifests.ofKind("KafkaTopic")) {
                JsonNode spec = topic.path("spec");
                String name = spec.path("topicName").asText(topic.path("metadata").path("name").asText());
                assertThat(partitions.put(name, spec.path("partitions").asInt())).as("duplicate " + name).isNull();
            }
        } else {
            JsonNode container = manifests.single("Job").path("spec").path("template").path("spec")
                    .path("containers").get(0);
            for (JsonNode env : container.path("env")) {
                if (env.path("name").asText().equals("TOPICS")) {
                    for (String spec : env.path("value").asText().trim().split("\\s+")) {
                        String[] parts = spec.split(":");
                        assertThat(partitions.put(parts[0], Integer.parseInt(parts[1]))).isNull();
                    }
                }
            }
        }
        return partitions;
    }

    private static List<JsonNode> allContainers(Manifests manifests) {
        List<JsonNode> containers = new ArrayList<>();
        for (ObjectNode object : manifests.objects()) {
            String kind = object.path("kind").asText();
            if (kind.equals("Deployment") || kind.equals("Job")) {
                JsonNode pod = object.path("spec").path("template").path("spec");
                pod.path("initContainers").forEach(containers::add);
                pod.path("containers").forEach(containers::add);
            }
        }
        assertThat(containers).isNotEmpty();
        return containers;
    }

    private static void assertProbe(JsonNode container, String probe, String path, String where) {
        JsonNode httpGet = container.path(probe).path("httpGet");
        assertThat(httpGet.path("path").asText()).as(where + " " + probe).isEqualTo(path);
        String port = httpGet.path("port").asText();
        assertThat(container.path("ports")).as(where + " " + probe + " port " + port)
                .anySatisfy(p -> assertThat(port).isIn(p.path("name").asText(), p.path("containerPort").asText()));
    }

    /** Objects by kind/namespace/name, with kustomize's ConfigMap hash suffixes removed everywhere. */
    private static Map<String, JsonNode> byIdentity(List<ObjectNode> objects) {
        Map<String, JsonNode> map = new HashMap<>();
        for (ObjectNode object : objects) {
            String identity = object.path("kind").asText() + "/" + object.path("metadata").path("namespace").asText()
                    + "/" + Manifests.baseName(object);
            map.put(identity, withoutHashSuffixes(object.deepCopy()));
        }
        return map;
    }

    private static JsonNode withoutHashSuffixes(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(e -> {
                if (e.getValue().isTextual()) {
                    e.setValue(object.textNode(e.getValue().asText()
                            .replaceFirst("^(mapillary-archive-config)" + Manifests.HASH_SUFFIX, "$1")));
                } else {
                    withoutHashSuffixes(e.getValue());
                }
            });
        } else if (node.isArray()) {
            node.forEach(ManifestTest::withoutHashSuffixes);
        }
        return node;
    }

    private static Set<String> identities(List<ObjectNode> objects) {
        return objects.stream()
                .map(o -> o.path("kind").asText() + "/" + o.path("metadata").path("namespace").asText() + "/"
                        + Manifests.baseName(o))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Map<String, String> secretExample() {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(ProjectFiles.k8s().resolve("secret.example.env"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> values = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    private static long bytes(String quantity) {
        var matcher = Pattern.compile("(\\d+)(Ki|Mi|Gi)?").matcher(quantity);
        assertThat(matcher.matches()).as(quantity).isTrue();
        long value = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "" : matcher.group(2);
        return switch (unit) {
            case "Ki" -> value << 10;
            case "Mi" -> value << 20;
            case "Gi" -> value << 30;
            default -> value;
        };
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
