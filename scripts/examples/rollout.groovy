// scripts/examples/rollout.groovy — ocidsl script rollout.groovy SYSTEM.oci.groovy [PROTECTED]
// Switches the running system to SYSTEM, gated: it shows the plan first, refuses a plan that
// would stop the PROTECTED service (default 'db'), and after the switch checks that every
// service it started or restarted runs, going back to the previous generation if one does not.
if (args.isEmpty()) {
    throw new IllegalArgumentException('usage: ocidsl script rollout.groovy SYSTEM.oci.groovy [PROTECTED]')
}
def next = load(args[0])                          // the system the file defines
def protectedService = args.size() > 1 ? args[1] : 'db'

def p = plan(next)                                // what reconfigure would do; changes nothing
p.restart.each { println "will restart ${it.service}: ${it.reasons.join('; ')}" }
if (p.stop.any { it.service == protectedService }) {
    throw new IllegalStateException("refusing to stop ${protectedService}")
}
if (p.touchesNothing()) {
    println 'Nothing to do.'
    return
}

reconfigure(next)                                 // carries it out (rolls back by itself if a service fails at once)
def changed = (p.start + p.restart)*.service
def broken = changed.collect { status(it) }.findAll { !it.running && it.state != 'done' }
if (broken) {
    broken.each { print logs(it.service, lines: 5) }
    rollback()
    throw new IllegalStateException("${broken*.service.join(', ')} did not keep running: rolled back")
}
def current = generations().find { it.current }
println "Generation ${current.number} runs ${changed.size()} changed services: ${changed.join(', ')}"
