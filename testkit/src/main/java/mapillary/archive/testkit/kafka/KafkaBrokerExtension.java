package mapillary.archive.testkit.kafka;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives plain JUnit tests the JVM's shared Kafka broker: {@code @ExtendWith(KafkaBrokerExtension.class)}, then take a
 * {@link KafkaBroker} parameter in a test, lifecycle method or constructor (or call {@link #broker()}).
 */
public class KafkaBrokerExtension implements BeforeAllCallback, ParameterResolver {

    /** The shared broker, started if needed. */
    public static KafkaBroker broker() {
        return SharedKafkaBroker.get();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        broker();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == KafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return broker();
    }
}
