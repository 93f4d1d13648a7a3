package io.serstreams.streamprocessor.profiles;

import io.serstreams.schema.DeclaredDomain;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DomainKeyTest {
    private static final DeclaredDomain ACME_DE = new DeclaredDomain("acme", "de-DE", null);

    @Test
    void aKeyNamesTheDeclaredFieldsItIsMadeOfInAFixedOrder() {
        assertThat(DomainKey.parse("tenant").of(ACME_DE)).isEqualTo("tenant=acme");
        assertThat(DomainKey.parse("language").of(ACME_DE)).isEqualTo("language=de-DE");
        assertThat(DomainKey.parse(" language , tenant").of(ACME_DE)).isEqualTo("tenant=acme,language=de-DE");
        assertThat(DomainKey.parse("all").of(ACME_DE)).as("the declared ones of all three").isEqualTo("tenant=acme,language=de-DE");
        assertThat(DomainKey.parse("ALL").of(new DeclaredDomain("acme", "de-DE", "berlin"))).isEqualTo("tenant=acme,language=de-DE,site=berlin");
    }

    @Test
    void aCallThatDeclaresNoneOfTheFieldsHasNoProfile() {
        assertThat(DomainKey.parse("site").of(ACME_DE)).isNull();
        assertThat(DomainKey.parse("tenant").of(null)).isNull();
        assertThat(DomainKey.parse("tenant").of(new DeclaredDomain(" ", null, null))).isNull();
    }

    @Test
    void aBadKeyIsOneLineNamingIt() {
        assertThatThrownBy(() -> DomainKey.parse("tenant,region")).hasMessage("ser.profiles.key: unknown field 'region' (tenant, language, site, or all)");
        assertThatThrownBy(() -> DomainKey.parse(" ")).hasMessageStartingWith("ser.profiles.key is empty");
    }
}
