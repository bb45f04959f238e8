package org.ocidsl.engine.shepherd

import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.shell.Script
import spock.lang.Specification

class ShepherdGraphSpec extends Specification {
    static ShepherdService svc(String name, List<String> requirement = []) {
        ShepherdService.builder(name).requirement(requirement).start(Script.exec(['true'])).build()
    }

    def "shepherd graph, a name provided twice is an error"() {
        when:
        ShepherdGraph.of([svc('web'), svc('db'), svc('web')])

        then:
        def e = thrown(OcidslException)
        e.render() == "error: service 'web' provided more than once"
    }

    def "shepherd graph, a requirement nobody provides is an error naming both"() {
        when:
        ShepherdGraph.of([svc('podman-web', ['db'])])

        then:
        def e = thrown(OcidslException)
        e.render() == "error: service 'podman-web' requires 'db', which is not provided by any service"
    }

    def "shepherd graph, requirements start first and dependents stop first"() {
        given:
        def g = ShepherdGraph.of([svc('web', ['db', 'net']), svc('db', ['net']), svc('net'), svc('other')])

        expect:
        g.startOrder()*.name() == ['net', 'db', 'web', 'other']
        g.stopOrder()*.name() == ['other', 'web', 'db', 'net']
    }

    def "shepherd graph, the direct requirements of a service"() {
        given:
        def g = ShepherdGraph.of([svc('web', ['db', 'net']), svc('db', ['net']), svc('net'), svc('cache', ['net'])])

        expect:
        g.requirements(g.service('web'))*.name() == ['db', 'net']
        g.requirements(g.service('net')) == []
    }

    def "shepherd graph, a service is found by any of its provisions"() {
        given:
        def g = ShepherdGraph.of([ShepherdService.builder('dockerd', 'docker').start(Script.exec(['true'])).build(), svc('web', ['docker'])])

        expect:
        g.service('docker').name() == 'dockerd'
        g.startOrder()*.name() == ['dockerd', 'web']
    }

    def "shepherd graph, an unknown service could not be found"() {
        when:
        ShepherdGraph.of([svc('web')]).service('nope')

        then:
        def e = thrown(OcidslException)
        e.message == "service 'nope' could not be found"
    }

    def "shepherd graph, a cycle of requirements is an error with its path"() {
        when:
        ShepherdGraph.of([svc('a', ['b']), svc('b', ['c']), svc('c', ['a'])])

        then:
        def e = thrown(OcidslException)
        e.message == 'cycle of service requirements: a -> b -> c -> a'
    }

    def "shepherd service, Guix's defaults"() {
        when:
        def s = svc('x')

        then:
        s.respawn()
        s.autoStart()
        !s.oneShot()
        !s.stop().isPresent()
        s.requirement() == []
    }
}
