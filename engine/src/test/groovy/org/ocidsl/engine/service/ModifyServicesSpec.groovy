package org.ocidsl.engine.service

import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.SourceLocation
import spock.lang.Specification

import static org.ocidsl.engine.service.ModifyServices.Clause.delete
import static org.ocidsl.engine.service.ModifyServices.Clause.update

class ModifyServicesSpec extends Specification {
    static SourceLocation at(int line) { new SourceLocation('system.oci.groovy', line, 5) }

    def a = ServiceType.named('a').build()
    def b = ServiceType.named('b').build()
    def c = ServiceType.named('c').build()
    def services = [new Service(a, 1, at(1)), new Service(b, 2, at(2)), new Service(a, 3, at(3))]

    def "modify-services, update changes the value of every service of the type"() {
        when:
        def r = ModifyServices.apply(services, [update(a, { it * 10 }, at(10))])

        then:
        r*.value() == [10, 2, 30]
        r*.type() == [a, b, a]
        r[0].location() == at(1)
    }

    def "modify-services, delete removes every service of the type"() {
        when:
        def r = ModifyServices.apply(services, [delete(a, at(10))])

        then:
        r*.value() == [2]
    }

    def "modify-services, clauses apply in order"() {
        when:
        def r = ModifyServices.apply(services, [update(b, { it + 1 }, at(10)), update(b, { it * 10 }, at(11))])

        then:
        r*.value() == [1, 30, 3]
    }

    def "modify-services, a clause naming an absent type is an error at the clause"() {
        when:
        ModifyServices.apply(services, [update(a, { it }, at(10)), delete(c, at(11))])

        then:
        def e = thrown(OcidslException)
        e.render() == "system.oci.groovy:11:5: error: modify-services: service 'c' not found in service list"
    }

    def "modify-services, a clause naming a type deleted earlier is an error naming the deletion"() {
        when:
        ModifyServices.apply(services, [delete(b, at(10)), update(b, { it }, at(12))])

        then:
        def e = thrown(OcidslException)
        e.render() == "system.oci.groovy:12:5: error: modify-services: service 'b' was deleted here: system.oci.groovy:10:5"
    }

    def "modify-services, the original list is unchanged"() {
        when:
        ModifyServices.apply(services, [delete(a, at(10))])

        then:
        services*.value() == [1, 2, 3]
    }
}
