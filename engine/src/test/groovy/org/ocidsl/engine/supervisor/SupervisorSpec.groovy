package org.ocidsl.engine.supervisor

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.time.Duration
import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.generation.Generation
import org.ocidsl.engine.generation.Fingerprints
import org.ocidsl.engine.generation.GenerationStore
import org.ocidsl.engine.shell.Script
import org.ocidsl.engine.shepherd.ShepherdAction
import org.ocidsl.engine.shepherd.ShepherdService
import spock.lang.IgnoreIf
import spock.lang.Specification
import spock.lang.Timeout

/**
 * The supervisor with real processes: sh scripts as services, in a generation written by
 * GenerationStore, supervised in this JVM (or, for the detached cases, in a JVM of its own).
 */
@Timeout(60)
class SupervisorSpec extends Specification {
    Path tmp
    Path state
    Path work
    List<Supervisor> supervisors = []

    def setup() {
        // Short paths: a Unix socket's path is at most 107 bytes.
        tmp = Files.createTempDirectory(Path.of('/tmp'), 'sv')
        state = tmp.resolve('state')
        work = tmp.resolve('work')
        Files.createDirectories(work)
    }

    def cleanup() {
        supervisors.each { it.halt().get() }
        def pid = StateDirectory.of(state).recordedPid()
        if (pid.present && pid.get() != ProcessHandle.current().pid()) {
            ProcessHandle.of(pid.get()).ifPresent { it.destroyForcibly() }
        }
        tmp.toFile().deleteDir()
    }

    // ------------------------------------------------------------ helpers

    /** A service whose start launcher is LINES of sh. */
    static ShepherdService svc(Map opts = [:], String name, String... lines) {
        def start = Script.builder()
        lines.each { start.raw(it) }
        def b = ShepherdService.builder(name).start(start.build())
                .requirement(opts.requires ?: [])
                .oneShot(opts.oneShot ?: false)
                .respawn(opts.containsKey('respawn') ? opts.respawn : true)
                .autoStart(opts.containsKey('autoStart') ? opts.autoStart : true)
        if (opts.stop) {
            def stop = Script.builder()
            opts.stop.each { stop.raw(it) }
            b.stop(stop.build())
        }
        if (opts.stopTimeout) b.stopTimeout(opts.stopTimeout)
        if (opts.env) b.environmentVariables(opts.env)
        if (opts.secrets) b.secretEnvironment(opts.secrets)
        if (opts.directory) b.directory(opts.directory)
        if (opts.user) b.user(opts.user)
        if (opts.group) b.group(opts.group)
        if (opts.logFile) b.logFile(opts.logFile)
        if (opts.actions) b.actions(opts.actions)
        if (opts.pidFile) b.pidFile(opts.pidFile.toString(), opts.pidFileTimeout ?: 30)
        if (opts.health) {
            def check = Script.builder()
            opts.health.each { check.raw(it) }
            b.healthCheck(new ShepherdService.HealthCheck(check.build(), Duration.ofMillis(opts.interval ?: 100),
                    Duration.ofMillis(opts.timeout ?: 2000), opts.retries ?: 2, Duration.ofMillis(opts.startPeriod ?: 0)))
        }
        b.build()
    }

    Path generation(ShepherdService... services) {
        GenerationStore.write(Generation.ofServices(services as List), 'test.oci.groovy', [:], Fingerprints.of(state),
                tmp.resolve('gen-' + UUID.randomUUID()))
    }

    Supervisor supervise(Map opts = [:], Path gen) {
        def options = SupervisorOptions.of(state, gen)
                .withSecrets(opts.secrets ?: [:])
                .withStopGrace(opts.grace ?: Duration.ofSeconds(2))
                .withStopLauncherTimeout(opts.stopLauncherTimeout ?: SupervisorOptions.DEFAULT_STOP_LAUNCHER_TIMEOUT)
        def s = Supervisor.start(options)
        supervisors << s
        s.awaitReady()
        s
    }

    SupervisorClient client() {
        SupervisorClient.of(state)
    }

    String q(Path p) { "'" + p + "'" }

    static boolean waitUntil(long millis = 5000, Closure<Boolean> condition) {
        long end = System.currentTimeMillis() + millis
        while (System.currentTimeMillis() < end) {
            if (condition()) return true
            Thread.sleep(10)
        }
        condition()
    }

    /** Whether PID is a live process (zombies are not). */
    static boolean alive(long pid) {
        def stat = ProcessTable.stat(pid)
        stat.present && !stat.get().zombie()
    }

    /** The names of the threads of process PID. */
    static List<String> threadNames(long pid) {
        (new File("/proc/$pid/task").list() ?: []).collect {
            def comm = new File("/proc/$pid/task/$it/comm")
            try { comm.text.trim() } catch (IOException gone) { null }
        }.findAll { it != null }
    }

    List<String> lines(Path file) {
        Files.exists(file) ? Files.readAllLines(file) : []
    }

    // ------------------------------------------------------------ starting

    def "supervisor, requirements start first and the status lists each kind"() {
        given:
        def order = work.resolve('order')
        def gen = generation(
                svc('web', "echo web >> ${q(order)}", 'exec sleep 100', requires: ['db']),
                svc('db', 'sleep 0.2', "echo db >> ${q(order)}", oneShot: true, requires: ['net']),
                svc('net', "echo net >> ${q(order)}", oneShot: true),
                svc('later', 'exec sleep 100', autoStart: false),
                svc('broken', 'exit 3', oneShot: true))

        when:
        def s = supervise(gen)

        then: 'web is running once spawned: its first line may still be on its way'
        waitUntil { lines(order).size() >= 3 }
        lines(order) == ['net', 'db', 'web']
        StatusFormat.summary(client().status()) == """\
Started:
 + web
Stopped:
 - later
One-shot:
 * db
 * net
Failed to start:
 ! broken
"""
        StatusFormat.detail(client().status('web')) == """\
Status of web:
  It is started.
  Running value is ${s.status('web').pid()}.
  It is enabled.
  Provides (web).
  Requires (db).
  Will be respawned.
"""
        StatusFormat.detail(client().status('broken')).contains('  It failed to start.\n')
    }

    def "supervisor, independent services start in parallel"() {
        given:
        def gen = generation(
                svc('a', 'sleep 0.6', oneShot: true),
                svc('b', 'sleep 0.6', oneShot: true),
                svc('c', 'sleep 0.6', oneShot: true),
                svc('all', 'exec sleep 100', requires: ['a', 'b', 'c']))

        when:
        long t0 = System.nanoTime()
        supervise(gen)
        double seconds = (System.nanoTime() - t0) / 1e9

        then:
        client().status('all').state() == ServiceState.RUNNING
        seconds < 1.5
    }

    def "supervisor, a daemon with a PID file is started once the file names it, not before"() {
        given: 'a daemon that writes its PID file after 1 s, and a service that needs it'
        def pidFile = work.resolve('daemon.pid')
        Files.writeString(pidFile, '1')
        def order = work.resolve('order')
        def gen = generation(
                svc('daemon', "echo spawned >> ${q(order)}", 'sleep 1', "echo \$\$ > ${q(pidFile)}", 'exec sleep 100', pidFile: pidFile),
                svc('client', "echo client >> ${q(order)}", 'exec sleep 100', requires: ['daemon']))

        when:
        supervise(gen)

        then: 'the stale PID file did not count: the client started after the real one appeared'
        client().status('daemon').state() == ServiceState.RUNNING
        client().status('client').state() == ServiceState.RUNNING
        waitUntil { lines(order).size() >= 2 }
        lines(order) == ['spawned', 'client']
        Files.readString(pidFile).trim() == client().status('daemon').pid().toString()
    }

    def "supervisor, a daemon whose PID file never appears failed to start"() {
        given:
        def spawned = work.resolve('spawned')
        def gen = generation(svc('silent', "echo \$\$ > ${q(spawned)}", 'exec sleep 100', pidFile: work.resolve('never.pid'), pidFileTimeout: 1))

        when:
        supervise(gen)

        then:
        client().status('silent').state() == ServiceState.FAILED
        Files.readString(StateDirectory.of(state).supervisorLog()).contains(
                "Service silent failed to start: its PID file ${work.resolve('never.pid')} did not appear within 1 s.")
        waitUntil(3000) { !alive(Files.readString(spawned).trim() as long) }
    }

    def "supervisor, a failed requirement leaves its dependent stopped"() {
        given:
        def gen = generation(svc('setup', 'echo no database here', 'exit 1', oneShot: true),
                svc('app', 'exec sleep 100', requires: ['setup']))

        when:
        supervise(gen)

        then:
        client().status('setup').state() == ServiceState.FAILED
        client().status('app').state() == ServiceState.STOPPED
        // Its status says why, with what it printed.
        def tail = StateDirectory.lastLines(client().logFile('setup'), 5)
        tail.size() == 1 && tail[0].endsWith(' no database here')
        StatusFormat.detail(client().status('setup'), tail).endsWith("""\
  Last failure: its start exited with status 1.
  Last lines of its log:
    ${tail[0]}
""")
        StatusFormat.detail(client().status('app')).contains("  Last failure: its requirement 'setup' could not be started.\n")

        when:
        client().start('app')

        then:
        def e = thrown(OcidslException)
        e.message == "failed to start service 'app': its requirement 'setup' could not be started"
    }

    def "supervisor, an auto-start false service waits for start"() {
        given:
        def gen = generation(svc('manual', 'exec sleep 100', autoStart: false))
        supervise(gen)

        expect:
        client().status('manual').state() == ServiceState.STOPPED
        StatusFormat.detail(client().status('manual')).contains('  It is stopped.\n')

        when:
        def messages = client().start('manual')

        then:
        messages == ['Service manual has been started.']
        client().status('manual').state() == ServiceState.RUNNING
        alive(client().status('manual').pid())
        client().start('manual') == ['Service manual is already running.']
    }

    // ------------------------------------------------------------ respawn

    def "supervisor, a dying service is respawned, then disabled past the limit"() {
        given:
        def starts = work.resolve('starts')
        def gen = generation(svc('flaky', "echo x >> ${q(starts)}", 'exit 3'))

        when:
        supervise(gen)

        then:
        waitUntil(5000) { client().status('flaky').state() == ServiceState.DISABLED }
        lines(starts).size() == 6
        def log = Files.readString(StateDirectory.of(state).supervisorLog())
        log.count('Respawning flaky.') == 5
        log.contains('Service flaky has been disabled.')
        log.contains('(Respawning too fast.)')
        StatusFormat.detail(client().status('flaky')).contains('  It is stopped.\n  It is disabled.\n')
        StatusFormat.summary(client().status()).contains('Stopped:\n - flaky\n')

        when: 'a manual start enables it again'
        client().start('flaky')

        then:
        client().status('flaky').enabled()
    }

    def "supervisor, a killed service is respawned at once (0.1 s later)"() {
        given:
        def gen = generation(svc('srv', 'exec sleep 100'))
        supervise(gen)
        long pid = client().status('srv').pid()

        when:
        long t0 = System.nanoTime()
        ProcessHandle.of(pid).get().destroyForcibly()
        waitUntil(2000) { def s = client().status('srv'); s.state() == ServiceState.RUNNING && s.pid() != pid }
        double seconds = (System.nanoTime() - t0) / 1e9

        then:
        client().status('srv').pid() != pid
        seconds >= 0.1
        seconds < 1.0
    }

    def "supervisor, a service that dies takes its whole session with it"() {
        given:
        def child = work.resolve('child')
        def gen = generation(svc('crashy', "sleep 100 & echo \$! > ${q(child)}", 'sleep 0.3', 'exit 1', respawn: false))

        when:
        supervise(gen)
        waitUntil { client().status('crashy').state() == ServiceState.STOPPED }

        then:
        waitUntil(1000) { !alive(lines(child)[0] as long) }
    }

    // ------------------------------------------------------------ stopping

    def "supervisor, stopping a service stops its dependents first"() {
        given:
        def order = work.resolve('order')
        def gen = generation(
                svc('a', 'exec sleep 100', stop: ["echo a >> ${q(order)}"]),
                svc('b', 'exec sleep 100', requires: ['a'], stop: ["echo b >> ${q(order)}"]),
                svc('c', 'exec sleep 100', requires: ['b'], stop: ["echo c >> ${q(order)}"]),
                svc('other', 'exec sleep 100'))
        supervise(gen)
        def pids = ['a', 'b', 'c'].collect { client().status(it).pid() }

        when:
        def messages = client().stop('a')

        then:
        lines(order) == ['c', 'b', 'a']
        messages == ['Service c has been stopped.', 'Service b has been stopped.', 'Service a has been stopped.']
        pids.every { !alive(it) }
        client().status('other').state() == ServiceState.RUNNING
        client().stop('a') == ['Service a is not running.']

        when:
        def restarted = client().restart('other')

        then:
        restarted == ['Service other has been stopped.', 'Service other has been started.']
    }

    def "supervisor, stop runs the stop launcher, then SIGTERM, then SIGKILL after the grace period"() {
        given:
        def events = work.resolve('events')
        def gen = generation(svc('stubborn',
                "trap 'echo term >> ${q(events)}' TERM",
                'while :; do sleep 0.05 || true; done',
                stop: ["echo stop >> ${q(events)}"]))
        supervise(gen, grace: Duration.ofMillis(600))
        long pid = client().status('stubborn').pid()

        when:
        long t0 = System.nanoTime()
        client().stop('stubborn')
        double seconds = (System.nanoTime() - t0) / 1e9

        then:
        lines(events) == ['stop', 'term']
        seconds >= 0.6
        seconds < 3
        !alive(pid)
        Files.readString(StateDirectory.of(state).supervisorLog()).contains('Service stubborn did not stop within 0.6 s of SIGTERM; sending SIGKILL.')
    }

    def "supervisor, a stop launcher gets the default plus its service's stop timeout, then is killed"() {
        given: 'a default of 0.5 s, which only the services with a stop timeout may exceed'
        def events = work.resolve('events')
        def gen = generation(
                svc('patient', 'exec sleep 100', stopTimeout: Duration.ofSeconds(3),
                        stop: ['sleep 1.5', "echo patient >> ${q(events)}"]),
                svc('stuck', 'exec sleep 100', stopTimeout: Duration.ofSeconds(1),
                        stop: ['sleep 30', "echo stuck >> ${q(events)}"]),
                svc('plain', 'exec sleep 100', stop: ['sleep 1.5', "echo plain >> ${q(events)}"]))
        supervise(gen, stopLauncherTimeout: Duration.ofMillis(500))
        def log = StateDirectory.of(state).supervisorLog()

        when: 'its stop takes 1.5 s, within 0.5 s + 3 s'
        long t0 = System.nanoTime()
        client().stop('patient')
        double patient = (System.nanoTime() - t0) / 1e9

        then: 'it ran to its end'
        lines(events) == ['patient']
        patient >= 1.5
        !Files.readString(log).contains('Service patient: its stop launcher still runs')

        when: 'its stop would take 30 s'
        t0 = System.nanoTime()
        client().stop('stuck')
        double stuck = (System.nanoTime() - t0) / 1e9

        then: 'it is killed after 0.5 s + 1 s'
        lines(events) == ['patient']
        stuck >= 1.5
        stuck < 10
        Files.readString(log).contains('Service stuck: its stop launcher still runs after 1.5 s; killing it.')

        when: 'a stop without a stop timeout takes 1.5 s'
        client().stop('plain')

        then: 'it is killed after the default'
        lines(events) == ['patient']
        Files.readString(log).contains('Service plain: its stop launcher still runs after 0.5 s; killing it.')
        ['patient', 'stuck', 'plain'].every { client().status(it).state() == ServiceState.STOPPED }
    }

    def "supervisor, stop kills the service's process group, children included"() {
        given:
        def child = work.resolve('child')
        def gen = generation(svc('parent', "sleep 1000 & echo \$! > ${q(child)}", 'exec sleep 1000'))
        supervise(gen)
        long pid = client().status('parent').pid()
        waitUntil { lines(child).size() == 1 }
        long childPid = lines(child)[0] as long

        expect:
        alive(childPid)
        ProcessTable.stat(childPid).get().processGroup() == pid
        ProcessTable.stat(pid).get().session() == pid

        when:
        client().stop('parent')

        then:
        !alive(pid)
        !alive(childPid)
    }

    def "supervisor, halt stops everything, leaves no process and removes its socket"() {
        given:
        def child = work.resolve('child')
        def gen = generation(
                svc('a', "sleep 1000 & echo \$! > ${q(child)}", 'exec sleep 1000'),
                svc('b', 'exec sleep 1000', requires: ['a']),
                svc('once', "sleep 1000 > /dev/null 2>&1 & echo \$! > ${q(child)}.once", oneShot: true))
        def s = supervise(gen)
        def pids = ['a', 'b'].collect { client().status(it).pid() }
        waitUntil { lines(child).size() == 1 }
        pids << (lines(child)[0] as long)
        pids << (lines(Path.of(child.toString() + '.once'))[0] as long)
        assert alive(pids[3])
        def st = StateDirectory.of(state)

        when:
        def messages = client().halt()
        s.awaitTermination()

        then:
        messages.indexOf('Service b has been stopped.') < messages.indexOf('Service a has been stopped.')
        pids.every { !alive(it) }
        !Files.exists(st.socket())
        !Files.exists(st.pidFile())
        !client().isRunning()

        when:
        client().status()

        then:
        def e = thrown(OcidslException)
        e.message == "no system is running in ${state.toAbsolutePath()}"
    }

    // ------------------------------------------------------------ how a service runs

    def "supervisor, a service gets exactly its environment and its secrets, which no file holds"() {
        given:
        def envFile = work.resolve('env')
        def gen = generation(svc('envy', "env > ${q(envFile)}", oneShot: true,
                env: ['FOO=bar', 'EMPTY=', 'SPACED=a b c'], secrets: [DB_PASSWORD: 'placeholder']))

        when:
        supervise(gen, secrets: [envy: [DB_PASSWORD: 's3cr3t-hunter2']])
        def env = lines(envFile).collectEntries { def i = it.indexOf('='); [it.substring(0, i), it.substring(i + 1)] }

        then:
        env == [PATH: env.PATH, FOO: 'bar', EMPTY: '', SPACED: 'a b c', DB_PASSWORD: 's3cr3t-hunter2', PWD: '/']
        env.PATH == (System.getenv('PATH') ?: Spawner.DEFAULT_PATH)
        'grep -rl s3cr3t-hunter2 .'.execute(null, state.toFile()).text == ''
        'grep -rl s3cr3t-hunter2 .'.execute(null, tmp.toFile()).text.trim() == './work/env'
    }

    def "supervisor, a missing secret fails the start without running it"() {
        given:
        def ran = work.resolve('ran')
        def gen = generation(svc('needy', "touch ${q(ran)}", oneShot: true, secrets: [TOKEN: 'x']))

        when:
        supervise(gen)

        then:
        client().status('needy').state() == ServiceState.FAILED
        client().status('needy').failure() == "its secret environment variable 'TOKEN' was not given to the supervisor"
        !Files.exists(ran)
    }

    def "supervisor, log lines are timestamped and the log is not world-readable"() {
        given:
        def gen = generation(
                svc('talker', 'echo hello', 'echo oops >&2', 'printf "no newline"', oneShot: true),
                svc('custom', 'echo custom', oneShot: true, logFile: tmp.resolve('var/log/deep/custom.log').toString()))

        when:
        supervise(gen)
        def log = StateDirectory.of(state).defaultLog('talker')
        waitUntil { lines(log).size() == 3 }

        then:
        lines(log).size() == 3
        lines(log)[0] ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d hello/
        lines(log)[1] ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d oops/
        lines(log)[2] ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d no newline/
        PosixFilePermissions.toString(Files.getPosixFilePermissions(log)) == 'rw-r-----'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(StateDirectory.of(state).supervisorLog())) == 'rw-------'
        waitUntil { lines(tmp.resolve('var/log/deep/custom.log')).size() == 1 }
        lines(tmp.resolve('var/log/deep/custom.log'))[0].endsWith(' custom')
        client().logFile('custom') == tmp.resolve('var/log/deep/custom.log')
    }

    def "supervisor, a service runs in its working directory, / by default, stdin from /dev/null"() {
        given:
        def out = work.resolve('out')
        def gen = generation(
                svc('here', "pwd > ${q(out)}.here", oneShot: true, directory: work.toString()),
                svc('root', "pwd > ${q(out)}.root", 'readlink /proc/self/fd/0 > ' + q(out) + '.stdin', oneShot: true))

        when:
        supervise(gen)

        then:
        lines(Path.of(out.toString() + '.here')) == [work.toString()]
        lines(Path.of(out.toString() + '.root')) == ['/']
        lines(Path.of(out.toString() + '.stdin')) == ['/dev/null']
    }

    @IgnoreIf({ org.ocidsl.engine.Users.uid() != 0 })
    def "supervisor, as root a service runs as its user and group"() {
        given:
        def shared = tmp.resolve('shared')
        Files.createDirectories(shared)
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString('rwxrwxrwx'))
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString('rwx--x--x'))
        def gen = generation(
                svc('nob', "id -u > ${q(shared)}/uid", "id -g > ${q(shared)}/gid", "id -G > ${q(shared)}/groups", oneShot: true, user: 'nobody', directory: shared.toString()),
                svc('grp', "id -u > ${q(shared)}/guid", "id -g > ${q(shared)}/ggid", oneShot: true, group: 'nogroup'),
                svc('ghost', 'true', oneShot: true, user: 'no-such-user-here'))
        def nobody = 'id -u nobody'.execute().text.trim()
        def nobodyGid = 'id -g nobody'.execute().text.trim()
        def nogroup = 'getent group nogroup'.execute().text.split(':')[2]

        when:
        supervise(gen)

        then:
        lines(shared.resolve('uid')) == [nobody]
        lines(shared.resolve('gid')) == [nobodyGid]
        lines(shared.resolve('guid')) == ['0']
        lines(shared.resolve('ggid')) == [nogroup]
        client().status('ghost').state() == ServiceState.FAILED
        client().status('ghost').failure() == "its user 'no-such-user-here' does not exist"
    }

    def "supervisor, a launcher's \$0 is its real path: it locates its generation, loaded by any path"() {
        given:
        def where = Script.builder()
        GenerationStore.locate(where)
        where.raw('printf \'%s\\n\' "$generation"')
        def gen = generation(svc('x', 'exec sleep 100', actions: [new ShepherdAction('where', 'Where am I?', where.build())]))
        def link = Files.createSymbolicLink(tmp.resolve('link'), gen)
        supervise(link)

        expect:
        client().action('x', 'where', []).output() == gen.toRealPath().toString() + '\n'
    }

    @IgnoreIf({ org.ocidsl.engine.Users.uid() != 0 })
    def "supervisor, as root an action run as a user who may not enter the generation locates it"() {
        given:
        def where = Script.builder()
        GenerationStore.locate(where)
        where.raw('printf \'%s\\n\' "$generation"')
        def gen = generation(svc('x', 'exec sleep 100', user: 'nobody',
                actions: [new ShepherdAction('where', 'Where am I?', where.build())]))
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString('rwx------'))
        supervise(gen)

        when:
        def result = client().action('x', 'where', [])

        then:
        result.output() == gen.toRealPath().toString() + '\n'
        result.exitStatus() == 0
    }

    // ------------------------------------------------------------ the control socket

    def "supervisor, the socket is 0600 in a 0700 state directory, beside the pid file"() {
        given:
        supervise(generation(svc('x', 'exec sleep 100')))
        def st = StateDirectory.of(state)

        expect:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(st.socket())) == 'rw-------'
        PosixFilePermissions.toString(Files.getPosixFilePermissions(state)) == 'rwx------'
        st.recordedPid().get() == ProcessHandle.current().pid()
        client().ping().ready()
    }

    def "supervisor, unknown services and actions are errors; actions run with their arguments"() {
        given:
        def action = new ShepherdAction('greet', 'Say hello.', Script.builder().raw('echo "hello $1 $2"').raw('echo "to stderr" >&2').raw('exit 4').build())
        supervise(generation(svc('x', 'exec sleep 100', actions: [action], env: ['GREETING=hi'])))

        when:
        client().status('nope')

        then:
        def e1 = thrown(OcidslException)
        e1.message == "service 'nope' could not be found"

        when:
        client().action('x', 'zap', [])

        then:
        def e2 = thrown(OcidslException)
        e2.message == "service 'x' does not have an action 'zap'"

        when:
        client().stop('nope')

        then:
        thrown(OcidslException)

        when:
        def result = client().action('x', 'greet', ['big', "wide world; rm -rf /"])

        then:
        result.output() == 'hello big wide world; rm -rf /\nto stderr\n'
        result.exitStatus() == 4
    }

    def "supervisor, a second supervisor on the same state directory is refused"() {
        given:
        def gen = generation(svc('x', 'exec sleep 100'))
        supervise(gen)

        when:
        supervise(gen)

        then:
        def e = thrown(OcidslException)
        e.message == "a system is already running in ${state.toAbsolutePath()} (pid ${ProcessHandle.current().pid()}); 'ocidsl halt' stops it"
    }

    def "supervisor, no supervisor: the client says no system is running"() {
        when:
        client().status()

        then:
        def e = thrown(OcidslException)
        e.message == "no system is running in ${state.toAbsolutePath()}"
        !client().isRunning()
    }

    // ------------------------------------------------------------ detached supervisors

    def "supervisor, detached: refuses a second, survives kill -9 as a stale socket, the next one ends what it left"() {
        given:
        def gen = generation(svc('srv', 'exec sleep 1000', secrets: [KEY: 'x']))
        long pid = SupervisorLauncher.detach(state, gen, [srv: [KEY: 'the-secret-value']])
        long srvPid = client().status('srv').pid()

        expect:
        client().ping().pid() == pid
        alive(srvPid)
        new String(Files.readAllBytes(Path.of("/proc/$srvPid/environ"))).contains('KEY=the-secret-value')
        !new String(Files.readAllBytes(Path.of("/proc/$pid/cmdline"))).contains('the-secret-value')
        ProcessTable.stat(pid).get().session() == pid

        when: 'a second detached supervisor'
        SupervisorLauncher.detach(state, gen, [:])

        then:
        def e = thrown(OcidslException)
        e.message == "a system is already running in ${state.toAbsolutePath()} (pid $pid); 'ocidsl halt' stops it"

        when: 'the supervisor is killed'
        ProcessHandle.of(pid).get().destroyForcibly()
        waitUntil { !alive(pid) }

        then:
        Files.exists(StateDirectory.of(state).socket())
        !client().isRunning()
        alive(srvPid)

        when: 'the next supervisor starts'
        def s = supervise(gen, secrets: [srv: [KEY: 'v']])

        then:
        !alive(srvPid)
        s.status('srv').state() == ServiceState.RUNNING
        s.status('srv').pid() != srvPid
        Files.readString(StateDirectory.of(state).supervisorLog()).contains("Ending process $srvPid of service srv, left by a supervisor that died.")
        'grep -rl the-secret-value .'.execute(null, state.toFile()).text == ''
    }

    def "supervisor, detached: SIGTERM stops the services in reverse order and ends the supervisor"() {
        given:
        def order = work.resolve('order')
        def gen = generation(
                svc('a', 'echo "hello from a"', 'echo "to stderr" >&2', 'exec sleep 1000', stop: ["echo a >> ${q(order)}"]),
                svc('b', 'exec sleep 1000', requires: ['a'], stop: ["echo b >> ${q(order)}"]))
        long pid = SupervisorLauncher.detach(state, gen, [:])
        def pids = ['a', 'b'].collect { client().status(it).pid() }
        def log = StateDirectory.of(state).defaultLog('a')

        expect: 'the detached supervisor copies the output of each service on a thread of its own'
        waitUntil { lines(log).size() == 2 }
        lines(log)[0] ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d hello from a/
        lines(log)[1] ==~ /\d{4}-\d\d-\d\d \d\d:\d\d:\d\d to stderr/
        threadNames(pid).containsAll(['log a', 'log b'])

        when:
        ['kill', '-TERM', pid as String].execute().waitFor()

        then:
        waitUntil(10000) { !alive(pid) }
        lines(order) == ['b', 'a']
        pids.every { !alive(it) }
        !Files.exists(StateDirectory.of(state).socket())
    }

    def "supervisor, detached: a supervisor that cannot start says why"() {
        given:
        def gen = tmp.resolve('no-such-generation')

        when:
        SupervisorLauncher.detach(state, gen, [:])

        then:
        def e = thrown(OcidslException)
        e.message.startsWith('the supervisor failed to start: cannot read the generation')
    }

    // ------------------------------------------------------------ health checks

    def "health: a service counts as started once healthy, and its dependents start after that"() {
        given:
        def ready = work.resolve('ready')
        def seen = work.resolve('seen')
        def gen = generation(
                svc('db', 'sleep 0.6', "touch ${q(ready)}", 'exec sleep 100', health: ["test -f ${q(ready)}"], startPeriod: 5000),
                svc('app', "test -f ${q(ready)} && echo ready >> ${q(seen)}", 'exec sleep 100', requires: ['db']))

        when:
        def s = supervise(gen)

        then:
        waitUntil { s.status('app').state() == ServiceState.RUNNING }
        waitUntil { lines(seen) == ['ready'] }
        s.status('db').health() == 'healthy'
        s.status('db').healthSince() != null
        StatusFormat.detail(client().status('db')).contains('  Health: healthy since ')
        s.status('app').health() == null
    }

    def "health: a service that never becomes healthy fails to start, says why, and its dependents are not started"() {
        given:
        def gen = generation(
                svc('db', 'exec sleep 100', stop: ["echo stopped > ${q(work.resolve('stop'))}"],
                        health: ['echo "not yet" && exit 1'], retries: 2),
                svc('app', 'exec sleep 100', requires: ['db']))

        when:
        def s = supervise(gen)

        then:
        waitUntil { s.status('db').state() == ServiceState.FAILED }
        s.status('db').failure() == 'it did not become healthy: exit status 1, output: not yet'
        waitUntil { s.status('app').failure() == "its requirement 'db' could not be started" }
        s.status('app').state() == ServiceState.STOPPED
        s.status('db').pid() == null
        waitUntil { lines(work.resolve('stop')) == ['stopped'] }
        lines(StateDirectory.of(state).defaultLog('db')).count { it.endsWith('health check failed: exit status 1, output: not yet') } == 2
        waitUntil { !client().status().any { it.pid() != null } }
    }

    def "health: failures within the start period do not count"() {
        given:
        def ready = work.resolve('ready')
        def gen = generation(
                svc('slow', 'sleep 0.8', "touch ${q(ready)}", 'exec sleep 100',
                        health: ["test -f ${q(ready)}"], retries: 1, startPeriod: 3000))

        when:
        def s = supervise(gen)

        then:
        waitUntil { s.status('slow').state() == ServiceState.RUNNING }
        s.status('slow').health() == 'healthy'
    }

    def "health: a check that does not answer in time fails"() {
        given:
        def gen = generation(svc('hung', 'exec sleep 100', health: ['exec sleep 30'], timeout: 200, retries: 1))

        when:
        def s = supervise(gen)

        then:
        waitUntil { s.status('hung').state() == ServiceState.FAILED }
        s.status('hung').failure() == 'it did not become healthy: it did not answer within 0.2 s'
    }

    def "health: a process that exits before it is healthy fails to start"() {
        given:
        def gen = generation(svc('quits', 'sleep 0.2', 'exit 3', health: ['exit 1'], startPeriod: 60000, respawn: false))

        when:
        def s = supervise(gen)

        then:
        waitUntil { s.status('quits').state() == ServiceState.FAILED }
        s.status('quits').failure() == 'it exited with status 3 before it was healthy'
    }

    def "health: a running service that turns unhealthy is restarted with its dependents (respawn)"() {
        given:
        def sick = work.resolve('sick')
        def gen = generation(
                svc('db', "rm -f ${q(sick)}", 'exec sleep 100', health: ["test ! -f ${q(sick)}"]),
                svc('app', 'exec sleep 100', requires: ['db']))
        def s = supervise(gen)
        waitUntil { s.status('app').state() == ServiceState.RUNNING }
        def dbPid = s.status('db').pid()
        def appPid = s.status('app').pid()

        when:
        Files.writeString(sick, '')

        then:
        waitUntil(10000) { s.status('db').pid() != null && s.status('db').pid() != dbPid && s.status('db').health() == 'healthy' }
        waitUntil { s.status('app').state() == ServiceState.RUNNING && s.status('app').pid() != appPid }
        !alive(dbPid)
        !alive(appPid)
        Files.readString(StateDirectory.of(state).supervisorLog()).contains(
                'Service db is unhealthy (its health check failed 2 times in a row: exit status 1); restarting it.')
    }

    def "health: more services turning unhealthy at once than the supervisor has threads are all restarted"() {
        given:
        def names = (0..5).collect { "s$it" as String }
        def sick = names.collectEntries { [(it): work.resolve("sick-$it")] }
        def gen = generation(*names.collect { n ->
            svc(n, "rm -f ${q(sick[n])}", 'exec sleep 100', health: ["test ! -f ${q(sick[n])}"])
        })
        def s = supervise(gen)
        waitUntil { names.every { s.status(it).health() == 'healthy' } }
        def pids = names.collectEntries { [(it): s.status(it).pid()] }

        when:
        names.each { Files.writeString(sick[it], '') }

        then:
        waitUntil(20000) {
            names.every { s.status(it).pid() != null && s.status(it).pid() != pids[it] && s.status(it).health() == 'healthy' }
        }
    }

    def "health: without respawn an unhealthy service keeps running, and status says so until it is healthy again"() {
        given:
        def sick = work.resolve('sick')
        def gen = generation(svc('db', 'exec sleep 100', health: ["test ! -f ${q(sick)}"], respawn: false))
        def s = supervise(gen)
        waitUntil { s.status('db').health() == 'healthy' }
        def pid = s.status('db').pid()

        when:
        Files.writeString(sick, '')

        then:
        waitUntil { s.status('db').health() == 'unhealthy' }
        s.status('db').pid() == pid
        s.status('db').state() == ServiceState.RUNNING
        StatusFormat.detail(client().status('db')).contains('  Health: unhealthy since ')
        StatusFormat.detail(client().status('db')).contains('  Last failure: its health check failed 2 times in a row: exit status 1.')

        when:
        Files.delete(sick)

        then:
        waitUntil { s.status('db').health() == 'healthy' }
        s.status('db').pid() == pid
        Files.readString(StateDirectory.of(state).supervisorLog()).contains('Service db is healthy again.')
    }

    def "health: stopping a service that waits to be healthy runs its stop launcher"() {
        given:
        def gen = generation(svc('db', 'exec sleep 100', stop: ["echo stopped > ${q(work.resolve('stop'))}"],
                health: ['exit 1'], startPeriod: 60000, autoStart: false))
        def s = supervise(gen)
        def starting = Thread.start { try { s.start('db') } catch (OcidslException stopped) { } }
        waitUntil { s.status('db').health() == 'starting' }

        when:
        s.stop('db')

        then:
        lines(work.resolve('stop')) == ['stopped']
        s.status('db').state() == ServiceState.STOPPED
        s.status('db').health() == null
        starting.join(5000)
        !starting.alive
    }
}
