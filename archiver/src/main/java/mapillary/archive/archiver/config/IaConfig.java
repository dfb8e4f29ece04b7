package mapillary.archive.archiver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/** Internet Archive endpoints and the S3 keys ({@code IA_ACCESS_KEY}, {@code IA_SECRET_KEY}) that enable upload. */
@ConfigMapping(prefix = "ia")
public interface IaConfig {

    /** archive.org base: the metadata API ({@code IA_URL}). */
    @WithDefault("https://archive.org")
    String url();

    /** The IA-S3 endpoint ({@code IA_S3_URL}). */
    @WithDefault("https://s3.us.archive.org")
    String s3Url();

    /** IA-S3 access key (secret); upload is on only when both keys are set. */
    Optional<String> accessKey();

    /** IA-S3 secret key (secret). */
    Optional<String> secretKey();
}
