package org.ocidsl.dsl

import spock.lang.Specification

/**
 * The IDE descriptors: the jar ships the ones the catalog makes now, and each, run against the
 * part of its IDE's API it uses, offers a record's fields in that record's block.
 */
class IdeDescriptorsSpec extends Specification {
    static String shipped(String resource) {
        IdeDescriptors.getResourceAsStream('/' + resource)?.getText('UTF-8')
    }

    def "the shipped GDSL is the one the catalog makes"() {
        expect:
        assert shipped(IdeDescriptors.GDSL_RESOURCE) == IdeDescriptors.gdsl(),
            'dsl/src/main/ide/ocidsl.gdsl is stale: regenerate it with scripts/ocidsl ide intellij -o dsl/src/main/ide'
    }

    def "the shipped DSLD is the one the catalog makes"() {
        expect:
        assert shipped(IdeDescriptors.DSLD_RESOURCE) == IdeDescriptors.dsld(),
            'dsl/src/main/ide/dsld/ocidsl.dsld is stale: regenerate it with scripts/ocidsl ide eclipse -o dsl/src/main/ide/dsld'
    }

    /** What a contributor offers: method and property names, with their documentation. */
    static class Offers {
        Map<String, String> methods = [:]
        Map<String, String> properties = [:]
        Map<String, Integer> callsAround = [:]
        String provider

        void method(Map m) { methods[m.name] = m.doc }
        void property(Map p) { properties[p.name] = p.doc }
        /** IntelliJ's: the closest call of that name around the cursor, with its place in the file. */
        Object enclosingCall(String name) {
            callsAround.containsKey(name) ? [textRange: [startOffset: callsAround[name]]] : null
        }
    }

    static Offers run(Closure contribution, Map<String, Integer> callsAround) {
        Offers offers = new Offers(callsAround: callsAround)
        Closure c = contribution.rehydrate(offers, contribution.owner, contribution.thisObject)
        c.resolveStrategy = Closure.DELEGATE_FIRST
        c.call()
        offers
    }

    def "GDSL: in ociContainer's block inside ociConfiguration's, the container's fields; builders and service types everywhere"() {
        given: "IntelliJ's GDSL functions, as far as the descriptor calls them"
        def contributors = []
        def binding = new Binding(
            context: { Map m -> m },
            scriptScope: { -> 'script' },
            closureScope: { -> 'closure' },
            contributor: { contexts, Closure body -> contributors << [contexts, body] })
        new GroovyShell(binding).evaluate(IdeDescriptors.gdsl())

        when: "the cursor is in the block of ociContainer (at offset 40), itself in ociConfiguration's (at 10)"
        def inBlock = contributors.findAll { ctx, body -> 'closure' in (ctx instanceof List ? ctx*.scope : [ctx.scope]) }
            .collect { ctx, body -> run(body, [ociConfiguration: 10, ociContainer: 40]) }

        then:
        inBlock.any { it.methods.containsKey('ports') && it.methods.ports.contains('ports') }
        inBlock.every { !it.methods.containsKey('runtime') }
        inBlock.any { it.methods.containsKey('ociContainer') && it.properties.containsKey('ociServiceType') }
        contributors.every { ctx, body -> (ctx instanceof List ? ctx : [ctx]).every { it.pathRegexp == /.*\.oci\.groovy/ } }
    }

    /** Groovy-Eclipse's pointcuts, as far as the descriptor combines them. */
    static class Pointcut {
        Map<String, Object> parts
        Pointcut and(Pointcut other) { new Pointcut(parts: parts + other.parts) }
    }

    def "DSLD: ociContainer's fields where ociContainer's block is, builders and service types in every .oci.groovy file"() {
        given:
        def contributions = []
        def binding = new Binding(
            fileExtension: { String e -> new Pointcut(parts: [fileExtension: e]) },
            inClosure: { -> new Pointcut(parts: [inClosure: true]) },
            enclosingCallName: { String n -> new Pointcut(parts: [enclosingCallName: n]) },
            contribute: { Pointcut p, Closure body -> contributions << [p.parts, run(body, [:])] })
        new GroovyShell(binding).evaluate(IdeDescriptors.dsld())

        expect:
        contributions.every { parts, offers -> parts.fileExtension == 'oci.groovy' }
        def container = contributions.find { parts, offers -> parts.enclosingCallName == 'ociContainer' }
        container[0].inClosure
        container[1].methods.keySet().containsAll(['image', 'ports', 'volumes', 'respawn'])
        !container[1].methods.containsKey('runtime')
        def everywhere = contributions.find { parts, offers -> parts.keySet() == ['fileExtension'] as Set }
        everywhere[1].methods.keySet().containsAll(['ociContainer', 'system', 'plainFile'])
        everywhere[1].properties.containsKey('ociServiceType')
    }
}
