package dev.dx.reactor;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoreLocalTest {

    @Test
    void eachCoreSeesItsOwnValue() throws Exception {
        try (DxReactor reactor = DxReactor.builder().workers(3).build().ignite()) {
            CoreLocal<AtomicLong> counters = reactor.coreLocal(core -> new AtomicLong(core.id() * 100L));
            assertThat(counters.size()).isEqualTo(3);
            for (CoreState core : reactor.cores()) {
                long seen = core.eventLoop().submit(() -> {
                    assertThat(DxReactor.currentCore()).isSameAs(core);
                    assertThat(core.isCurrent()).isTrue();
                    return counters.get().incrementAndGet();
                }).get(30, TimeUnit.SECONDS);
                assertThat(seen).isEqualTo(core.id() * 100L + 1);
                assertThat(counters.get(core.id()).get()).isEqualTo(seen);
            }
            assertThat(counters.values()).extracting(AtomicLong::get).containsExactly(1L, 101L, 201L);
        }
    }

    @Test
    void getOutsideTheReactorFails() throws Exception {
        try (DxReactor a = DxReactor.builder().workers(1).build().ignite();
             DxReactor b = DxReactor.builder().workers(1).build().ignite()) {
            CoreLocal<String> local = a.coreLocal(core -> "a" + core.id());
            assertThat(DxReactor.currentCore()).isNull();
            assertThatThrownBy(local::get).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("not a core of this reactor");
            // another reactor's thread is not a core of this one
            Throwable fromB = b.cores().get(0).eventLoop().submit(() -> {
                try {
                    local.get();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(30, TimeUnit.SECONDS);
            assertThat(fromB).isInstanceOf(IllegalStateException.class);
            assertThat(a.cores().get(0).eventLoop().submit(() -> local.get()).get(30, TimeUnit.SECONDS))
                    .isEqualTo("a0");
            assertThat(a.cores().get(0).toString()).contains("id=0");
        }
    }
}
