package org.ocidsl.engine.service

import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.SourceLocation
import spock.lang.Specification

import java.util.function.BiFunction
import java.util.function.Function

class ServiceFoldSpec extends Specification {
    static SourceLocation at(int line) { new SourceLocation('system.oci.groovy', line, 5) }

    static Function<List<Object>, Object> concatenate = { List<Object> lists -> lists.collectMany { it as List } } as Function
    static BiFunction<Object, Object, Object> cons = { value, List rest -> [value] + rest } as BiFunction

    def "fold-services, the value Guix's own test expects"() {
        given: 'the types of tests/services.scm'
        def t1 = ServiceType.named('t1').compose(concatenate).extend(cons).build()
        def t2 = ServiceType.named('t2')
                .extension(t1, { ['xyz', it] } as Function)
                .compose({ List values -> values.sum(0) } as Function)
                .extend({ a, b -> a * b } as BiFunction)
                .build()
        def t3 = ServiceType.named('t3')
                .extension(t2, Function.identity())
                .extension(t1, { [it] } as Function)
                .build()
        def services = [new Service(t1, 'initial-value', at(1)), new Service(t2, 4, at(2))] +
                (1..5).collect { new Service(t3, it, at(2 + it)) }

        when:
        def r = ServiceFolder.fold(services, t1)

        then:
        r.type().is(t1)
        r.value() == ['initial-value', 5, 4, 3, 2, 1, 'xyz', 60]
    }

    def "service-back-edges, the services that extend each service"() {
        given:
        def t1 = ServiceType.named('t1').build()
        def t2 = ServiceType.named('t2').extension(t1, { [] } as Function).build()
        def t3 = ServiceType.named('t3').extension(t2, Function.identity()).extension(t1, { [it] } as Function).build()
        def s1 = new Service(t1, true, at(1))
        def s2 = new Service(t2, true, at(2))
        def s3 = new Service(t3, true, at(3))

        when:
        def e = ServiceFolder.backEdges([s1, s2, s3])

        then:
        e[s1]*.type() == [t3, t2]
        e[s2]*.type() == [t3]
        e[s3] == null
    }

    def "fold-services, ambiguity is reported at the extending service"() {
        given:
        def t1 = ServiceType.named('t1').compose(concatenate).extend(cons).build()
        def t2 = ServiceType.named('t2').extension(t1, { [it] } as Function).build()

        when:
        ServiceFolder.fold([new Service(t1, 'first', at(1)), new Service(t1, 'second', at(2)), new Service(t2, 42, at(7))], t1)

        then:
        def e = thrown(OcidslException)
        e.render() == "system.oci.groovy:7:5: error: more than one target service of type 't1'"
    }

    def "fold-services, missing target with no default value"() {
        given:
        def t1 = ServiceType.named('t1').build()
        def t2 = ServiceType.named('t2').extension(t1, { [it] } as Function).build()

        when:
        ServiceFolder.fold([new Service(t2, 42, at(4))], t1)

        then:
        def e = thrown(OcidslException)
        e.render() == "system.oci.groovy:4:5: error: no target of type 't1' for service 't2'"
    }

    def "fold-services, a missing target is instantiated from its default value, transitively"() {
        given:
        def root = ServiceType.named('root').compose(concatenate).extend(cons).defaultValue('root').build()
        def middle = ServiceType.named('middle').extension(root, { [it] } as Function)
                .compose(concatenate).extend(cons).defaultValue('middle').build()
        def leaf = ServiceType.named('leaf').extension(middle, { [it] } as Function).build()

        when:
        def r = ServiceFolder.fold([new Service(leaf, 'leaf', at(1))], root)

        then:
        r.value() == ['root', ['middle', 'leaf']]
    }

    def "fold-services, instantiated services stand before the given ones"() {
        given:
        def root = ServiceType.named('root').defaultValue('r').build()
        def leaf = ServiceType.named('leaf').extension(root, Function.identity()).build()
        def s = new Service(leaf, 1, at(1))

        when:
        def all = ServiceFolder.instantiateMissing([s])

        then:
        all*.type() == [root, leaf]
        all[0].location() == at(1)
    }

    def "fold-services, types are compared by identity, not by name"() {
        given:
        def root = ServiceType.named('root').compose(concatenate).extend(cons).build()
        def a = ServiceType.named('same').extension(root, { ['a'] } as Function).build()
        def b = ServiceType.named('same').extension(root, { ['b'] } as Function).build()

        when:
        def r = ServiceFolder.fold([new Service(root, 'r', at(1)), new Service(a, 0, at(2)), new Service(b, 0, at(3))], root)

        then:
        r.value() == ['r', 'b', 'a']
    }

    def "fold-services, a type without extend ignores its extensions"() {
        given:
        def root = ServiceType.named('root').build()
        def leaf = ServiceType.named('leaf').extension(root, { it * 2 } as Function).build()

        when:
        def r = ServiceFolder.fold([new Service(root, 'unchanged', at(1)), new Service(leaf, 21, at(2))], root)

        then:
        r.value() == 'unchanged'
    }

    def "fold-services, each service is folded once"() {
        given: 'a diamond: leaf extends both a and b, which both extend root'
        int folds = 0
        def root = ServiceType.named('root').compose(concatenate).extend(cons).build()
        def a = ServiceType.named('a').extension(root, { [it] } as Function).compose(concatenate).extend(cons).build()
        def b = ServiceType.named('b').extension(root, { [it] } as Function).compose(concatenate).extend(cons).build()
        def leaf = ServiceType.named('leaf')
                .extension(a, { [it] } as Function).extension(b, { [it] } as Function)
                .compose({ folds++; it } as Function).extend({ v, e -> v } as BiFunction).build()
        def services = [new Service(root, 'r', at(1)), new Service(a, 'a', at(2)), new Service(b, 'b', at(3)), new Service(leaf, 'l', at(4))]

        when:
        def r = ServiceFolder.fold(services, root)

        then:
        folds == 1
        r.value() == ['r', ['b', 'l'], ['a', 'l']]
    }

    def "fold-services, a type extending two targets in a chain is folded into both"() {
        given: 'v extends u and t; u extends t'
        def root = ServiceType.named('root').compose(concatenate).extend(cons).build()
        def t = ServiceType.named('t').extension(root, { [it] } as Function).compose(concatenate).extend(cons).build()
        def u = ServiceType.named('u').extension(t, { [it] } as Function).compose(concatenate).extend(cons).build()
        def v = ServiceType.named('v').extension(u, { [it] } as Function).extension(t, { [it] } as Function).build()

        when:
        def r = ServiceFolder.fold([new Service(root, 'r', at(1)), new Service(t, 't', at(2)), new Service(u, 'u', at(3)), new Service(v, 'v', at(4))], root)

        then:
        r.value() == ['r', ['t', 'v', ['u', 'v']]]
    }

    def "fold-services, a cycle of extensions is an error naming each type"() {
        given: 'a extends b, b extends a, and a extends the root'
        def root = ServiceType.named('root').compose(concatenate).extend(cons).build()
        ServiceType b = null
        def a = ServiceType.named('a')
                .extension(root, { [it] } as Function)
                .extensions([ServiceExtension.lazy({ b }, { [it] } as Function)])
                .compose(concatenate).extend(cons).build()
        b = ServiceType.named('b').extension(a, { [it] } as Function).compose(concatenate).extend(cons).build()

        when:
        ServiceFolder.fold([new Service(root, 'r', at(1)), new Service(a, 'a', at(2)), new Service(b, 'b', at(3))], root)

        then:
        def e = thrown(OcidslException)
        e.render() == 'system.oci.groovy:2:5: error: cycle of service extensions: a -> b -> a'
    }

    def "simple-service, a new type each time, extending its target with its value"() {
        given:
        def root = ServiceType.named('root').compose(concatenate).extend(cons).build()
        def one = Service.simple('extra', root, ['x'], at(2))
        def two = Service.simple('extra', root, ['y'], at(3))

        when:
        def r = ServiceFolder.fold([new Service(root, 'r', at(1)), one, two], root)

        then:
        !one.type().is(two.type())
        one.type().name() == 'extra'
        one.type().description() == 'This is a simple service.'
        r.value() == ['r', 'y', 'x']
    }
}
