package org.ocidsl.engine.supervisor

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Duration
import java.util.concurrent.CompletableFuture
import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.generation.Fingerprints
import org.ocidsl.engine.generation.Generation
import org.ocidsl.engine.generation.GenerationStore
import spock.lang.Specification
import spock.lang.Timeout

import static org.ocidsl.engine.supervisor.SupervisorSpec.svc
import static org.ocidsl.engine.supervisor.SupervisorSpec.waitUntil

/**
 * A running supervisor switched to other generations, with real processes: what changed is
 * restarted with what requires it, and nothing else is touched; a switch whose new services fail
 * goes back by itself.
 */
@Timeout(60)
class SwitchSpec extends Specification {
    static final Duration SETTLE = Duration.ofMillis(400)

    Path tmp
    Path state
    Supervisor supervisor

    def setup() {
        tmp = Files.createTempDirectory(Path.of('/tmp'), 'sw')
        state = tmp.resolve('state')
    }

    def cleanup() {
        supervisor?.halt()?.get()
        tmp.toFile().deleteDir()
    }

    Path generation(org.ocidsl.engine.shepherd.ShepherdService... services) {
        new GenerationStore(state).add(Generation.ofServices(services as List), 'test.oci.groovy', [:])
    }

    void supervise(Path gen, Map secrets = [:]) {
        supervisor = Supervisor.start(SupervisorOptions.of(state, gen).withSecrets(secrets)
                .withStopGrace(Duration.ofSeconds(2)))
        supervisor.awaitReady()
    }

    Long pid(String name) {
        supervisor.status(name).pid()
    }

    List<String> names(List<Plan.Entry> entries) {
        entries*.service()
    }

    def "switch, a changed service restarts with its running dependents; the rest keep their processes"() {
        given:
        def one = generation(
                svc('db', 'exec sleep 101'),
                svc('web', 'exec sleep 102', requires: ['db']),
                svc('cache', 'exec sleep 103'),
                svc('report', 'exec sleep 104', requires: ['web']))
        supervise(one)
        def before = ['db', 'web', 'cache', 'report'].collectEntries { [it, pid(it)] }

        when: 'db gets another environment'
        def two = generation(
                svc('db', 'exec sleep 101', env: ['LEVEL=2']),
                svc('web', 'exec sleep 102', requires: ['db']),
                svc('cache', 'exec sleep 103'),
                svc('report', 'exec sleep 104', requires: ['web']))
        def result = supervisor.switchTo(two, [:], true, true, SETTLE)

        then:
        result.failure() == null
        names(result.plan().restart()) == ['db', 'web', 'report']
        result.plan().restart()[0].reasons() == ['environment changed: none → LEVEL=2']
        result.plan().restart()[1].reasons() == ['it requires db, which is restarted']
        pid('cache') == before.cache
        ['db', 'web', 'report'].every { pid(it) != before[it] && pid(it) != null }
        supervisor.generation() == two
        Files.readSymbolicLink(state.resolve('current')) == Path.of('generations/2')
    }

    def "switch, an unchanged generation touches nothing"() {
        given:
        def services = [svc('a', 'exec sleep 105'), svc('b', 'exec sleep 106', requires: ['a'])]
        def one = generation(*services)
        supervise(one)
        def before = [pid('a'), pid('b')]

        when:
        def result = supervisor.switchTo(generation(*services), [:], true, true, SETTLE)

        then:
        result.failure() == null
        result.plan().touchesNothing()
        [pid('a'), pid('b')] == before
    }

    def "switch, removed services stop dependents first and are unloaded; new ones start"() {
        given:
        def order = tmp.resolve('order')
        supervise(generation(
                svc('base', 'exec sleep 107', stop: ["echo base >> '$order'"]),
                svc('top', 'exec sleep 108', requires: ['base'], stop: ["echo top >> '$order'"]),
                svc('stays', 'exec sleep 109')))
        def stays = pid('stays')

        when:
        def result = supervisor.switchTo(generation(svc('stays', 'exec sleep 109'), svc('fresh', 'exec sleep 110')),
                [:], true, true, SETTLE)

        then:
        names(result.plan().stop()) == ['base', 'top']
        names(result.plan().start()) == ['fresh']
        Files.readAllLines(order) == ['top', 'base']
        supervisor.status()*.name() == ['stays', 'fresh']
        pid('stays') == stays
        pid('fresh') != null

        when:
        supervisor.status('top')

        then:
        def e = thrown(OcidslException)
        e.message == "service 'top' could not be found"
    }

    def "switch, without restarts a changed service keeps running with its replacement pending"() {
        given:
        supervise(generation(svc('web', 'exec sleep 111')))
        def before = pid('web')

        when:
        def result = supervisor.switchTo(generation(svc('web', 'exec sleep 112')), [:], false, true, SETTLE)

        then:
        result.plan().restart().isEmpty()
        result.plan().keep()[0].reasons() == ['start command changed: 111 → 112', 'replacement pending until it is restarted']
        pid('web') == before
        supervisor.status('web').replacementPending()
        StatusFormat.summary(supervisor.status()).contains(' + web (replacement pending)')

        when:
        supervisor.restart('web')

        then: 'the restart takes the new definition'
        !supervisor.status('web').replacementPending()
        waitUntil { new File("/proc/${pid('web')}/cmdline").text.contains('112') }
    }

    def "switch, a new service that exits at once sends the supervisor back to the previous generation"() {
        given:
        def one = generation(svc('web', 'exec sleep 113'), svc('db', 'exec sleep 114'))
        new GenerationStore(state).makeCurrent(one)
        supervise(one)
        def before = [pid('web'), pid('db')]

        when:
        def two = generation(svc('web', 'echo "cannot bind"; exit 125'), svc('db', 'exec sleep 114'))
        def result = supervisor.switchTo(two, [:], true, true, Duration.ofSeconds(2))

        then:
        result.failure().startsWith('the switch to generation 2 failed:\nservice \'web\' failed: it exited with status 125\n')
        result.failure().contains('  | ')
        result.failure().contains('cannot bind')
        result.failure().endsWith('Rolled back to generation 1.')
        supervisor.generation() == one
        pid('db') == before[1]
        supervisor.status('web').state() == ServiceState.RUNNING
        // Running from its spawn: setsid and sh are replaced by sleep a moment later.
        waitUntil { new File("/proc/${pid('web')}/cmdline").text.contains('113') }
        Files.readSymbolicLink(state.resolve('current')) == Path.of('generations/1')
    }

    def "switch, without rollback a failed switch keeps the new generation"() {
        given:
        supervise(generation(svc('web', 'exec sleep 115')))

        when:
        def two = generation(svc('web', 'exit 125'))
        def result = supervisor.switchTo(two, [:], true, false, Duration.ofSeconds(1))

        then:
        result.failure().endsWith('The new generation was kept.')
        supervisor.generation() == two
    }

    def "switch, a second switch while one settles is refused, naming it"() {
        given:
        supervise(generation(svc('a', 'exec sleep 116')))
        def two = generation(svc('a', 'exec sleep 117'))
        def three = generation(svc('a', 'exec sleep 118'))

        when:
        def first = CompletableFuture.supplyAsync { supervisor.switchTo(two, [:], true, true, Duration.ofSeconds(3)) }
        waitUntil { Files.readAllLines(state.resolve('logs/supervisor.log')).any { it.contains('Switching from') } }
        supervisor.switchTo(three, [:], true, true, SETTLE)

        then:
        def e = thrown(OcidslException)
        e.message == "a switch to ${two} is already running in ${state}"
        first.get().failure() == null
    }

    def "switch, a changed secret restarts its service, and no file holds the value"() {
        given:
        supervise(generation(svc('api', 'exec sleep 119', secrets: [TOKEN: 'first-value'])), [api: [TOKEN: 'first-value']])
        def before = pid('api')

        when:
        def two = generation(svc('api', 'exec sleep 119', secrets: [TOKEN: 'second-value']))
        def result = supervisor.switchTo(two, [api: [TOKEN: 'second-value']], true, true, SETTLE)

        then:
        result.plan().restart()[0].reasons() == ['secret TOKEN changed']
        pid('api') != before
        new File("/proc/${pid('api')}/environ").text.contains('TOKEN=second-value')
        Files.walk(state).filter { Files.isRegularFile(it) }.noneMatch { it.toFile().getText('ISO-8859-1').contains('second-value') }
        PosixFilePermissions.toString(Files.getPosixFilePermissions(org.ocidsl.engine.StateLayout.of(state).fingerprintKey())) == 'rw-------'
    }

    def "switch, a generation whose secrets were never given is refused before anything stops"() {
        given:
        supervise(generation(svc('api', 'exec sleep 120')))
        def before = pid('api')

        when:
        supervisor.switchTo(generation(svc('api', 'exec sleep 120', secrets: [TOKEN: 'x'])), null, true, true, SETTLE)

        then:
        def e = thrown(OcidslException)
        e.message.contains("needs its secret variable 'TOKEN', which this supervisor was not given")
        pid('api') == before
    }

    def "switch, a supervisor killed in the middle of one leaves what the next supervisor ends: one generation runs"() {
        given: 'a detached supervisor on generation 1'
        def one = generation(svc('old', 'exec sleep 121'), svc('kept', 'exec sleep 122'))
        new GenerationStore(state).makeCurrent(one)
        long pid = SupervisorLauncher.detach(state, one, [:])
        def client = SupervisorClient.of(state)
        long oldPid = client.status('old').pid()
        long keptPid = client.status('kept').pid()

        when: 'it is killed while a switch to generation 2 settles'
        def two = generation(svc('new', 'exec sleep 123'), svc('kept', 'exec sleep 122'))
        def switching = CompletableFuture.supplyAsync {
            try { client.switchTo(two, [:], true, true, Duration.ofSeconds(10)) } catch (OcidslException e) { e }
        }
        waitUntil { client.status().any { it.name() == 'new' && it.pid() != null } }
        long newPid = client.status('new').pid()
        ProcessHandle.of(pid).get().destroyForcibly()
        waitUntil { !SupervisorSpec.alive(pid) }
        switching.get()

        then: 'what it left runs, and current still names the generation that ran'
        !SupervisorSpec.alive(oldPid)
        SupervisorSpec.alive(newPid)
        SupervisorSpec.alive(keptPid)
        Files.readSymbolicLink(state.resolve('current')) == Path.of('generations/1')

        when: 'the next supervisor starts, on generation 2'
        supervise(two)

        then: 'it ended everything the killed one left, and runs generation 2 alone'
        !SupervisorSpec.alive(newPid)
        !SupervisorSpec.alive(keptPid)
        supervisor.status()*.name() == ['new', 'kept']
        supervisor.status().every { it.state() == ServiceState.RUNNING }
    }
}
