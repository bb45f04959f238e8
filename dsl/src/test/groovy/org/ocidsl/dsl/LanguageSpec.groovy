package org.ocidsl.dsl

import org.ocidsl.dsl.eval.Evaluator
import org.ocidsl.engine.Mode
import org.ocidsl.engine.OcidslException
import org.ocidsl.engine.SourceLocation
import org.ocidsl.engine.config.Configuration
import org.ocidsl.engine.generation.PamLimit
import org.ocidsl.engine.image.api.BuiltImage
import org.ocidsl.engine.image.api.ImageBuilder
import org.ocidsl.engine.service.Service
import org.ocidsl.stdlib.oci.OciImages
import org.ocidsl.stdlib.oci.OciRecords.OciConfiguration
import org.ocidsl.stdlib.oci.OciRecords.OciContainer
import org.ocidsl.stdlib.oci.OciRecords.OciNetwork
import org.ocidsl.stdlib.oci.OciService
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.charset.StandardCharsets
import java.nio.file.Files
import java.nio.file.Path

class LanguageSpec extends Specification {
    @TempDir
    Path dir

    Object eval(String text, String name = 'test.oci.groovy') {
        Path file = dir.resolve(name)
        Files.writeString(file, text)
        new Evaluator(null).evaluate(file, name)
    }

    def "records, every field remembers the line and column that set it"() {
        when:
        Configuration c = eval('''\
def web = ociContainer {
    image 'nginx:1'
      ports '80:80'
}
web
''')

        then:
        c.location() == new SourceLocation('test.oci.groovy', 1, 11)
        c.fieldLocation(OciContainer.IMAGE) == new SourceLocation('test.oci.groovy', 2, 5)
        c.fieldLocation(OciContainer.PORTS) == new SourceLocation('test.oci.groovy', 3, 7)
        c.fieldLocation(OciContainer.NETWORK) == c.location()
    }

    def "records, inherit copies the parent, which stays unchanged"() {
        when:
        List<Configuration> both = eval('''\
def web = ociContainer { image 'nginx:1'; ports '80:80'; provision 'web' }
def staging = ociContainer(web) { provision 'staging' }
[web, staging]
''')

        then:
        both[1].get('image') == 'nginx:1'
        both[1].get('ports') == ['80:80']
        both[1].get('provision') == 'staging'
        both[0].get('provision') == 'web'
    }

    def "records, assignment sets a field and Groovy strings become strings"() {
        when:
        Configuration c = eval('''\
def version = '1.27'
ociImage { repository = "nginx"; tag = "v${version}"; value tarball('x.tar') }
''')

        then:
        c.get('repository') == 'nginx'
        c.get('tag') == 'v1.27'
        c.get('tag') instanceof String
    }

    def "records, builders nest inside records and see the script's variables"() {
        when:
        Configuration c = eval('''\
def backend = 'backend'
ociConfiguration {
    networks ociNetwork { name backend }
    containers ociContainer { image 'redis:7'; network backend }, ociContainer { image 'nginx:1' }
}
''')

        then:
        c.get(OciConfiguration.NETWORKS)*.get(OciNetwork.NAME) == ['backend']
        c.get(OciConfiguration.CONTAINERS)*.get(OciContainer.IMAGE) == ['redis:7', 'nginx:1']
        c.get(OciConfiguration.CONTAINERS)[0].get(OciContainer.NETWORK) == 'backend'
    }

    def "records, mixed lists of strings and maps become strings and pairs, then are joined"() {
        when:
        Configuration c = eval("ociContainer { image 'x'; ports '8080:80', ['10443': '443']; environment 'A=1', [B: '2', C: '3'] }")

        then:
        c.get('ports') == ['8080:80', '10443:443']
        c.get('environment') == ['A=1', 'B=2', 'C=3']
    }

    def "service types, a user type with compose, extend and a default value folds like Guix's"() {
        when:
        Systems.Folded system = Systems.load(write('''\
def monitoring = serviceType {
    name 'monitoring'
    extensions serviceExtension(ociServiceType) { cfg -> ociExtension { containers ociContainer { image cfg.image } } }
    compose { values -> values.flatten() }
    extend { cfg, extras -> cfg + [image: extras ? extras[0] : cfg.image] }
    defaultValue([image: 'grafana/grafana:10.4.2'])
}
system {
    service containerdServiceType
    service dockerServiceType
    service monitoring
    simpleService 'pin', monitoring, 'grafana/grafana:11.0.0'
}
'''), 'test.oci.groovy', new Evaluator(null), Mode.SYSTEM)

        then:
        system.generation().services()*.name().contains('docker-grafana')
        system.graph().service('docker-grafana').actions().find { it.name() == 'pull' }.procedure().toString()
                .contains("'grafana/grafana:11.0.0'")
    }

    def "service types, an extension may name a type defined later"() {
        when:
        Systems.Folded system = Systems.load(write('''\
def later
def early = serviceType {
    name 'early'
    extensions serviceExtension({ later }) { v -> [v] }
    defaultValue 'e'
}
later = serviceType {
    name 'later'
    extensions serviceExtension(shepherdRootServiceType) { v -> v.collect { n -> shepherdService { provision n; start '/bin/true' } } }
    compose { it.flatten() }
    extend { v, e -> v + e }
    defaultValue(['base'])
}
system { service early }
'''), 'test.oci.groovy', new Evaluator(null), Mode.SYSTEM)

        then:
        system.graph().provides('base')
        system.graph().provides('e')
    }

    def "modifyServices, over a list of services"() {
        when:
        List<Service> services = eval('''\
def list = [service(containerdServiceType), service(dockerServiceType, dockerConfiguration { debug true })]
modifyServices(list) {
    update(dockerServiceType) { cfg -> dockerConfiguration(cfg) { enableIptables false } }
}
''')

        then:
        services.size() == 2
        services[1].value().get('debug') == true
        services[1].value().get('enableIptables') == false
    }

    def "load, evaluates another file relative to this one and returns its value"() {
        given:
        Files.createDirectories(dir.resolve('lib'))
        Files.writeString(dir.resolve('lib/images.groovy'), "[redis: 'redis:7', nested: load('more.groovy')]")
        Files.writeString(dir.resolve('lib/more.groovy'), "'deeper'")

        when:
        def value = eval("load 'lib/images.groovy'")

        then:
        value == [redis: 'redis:7', nested: 'deeper']
    }

    def "errors, a user's exception is located at the user's line, through a closure"() {
        when:
        eval('''\
def check = { String s ->
    if (s.contains(' ')) throw new IllegalArgumentException("no spaces: $s")
    s
}
ociContainer { image check('two words') }
''')

        then:
        def e = thrown(OcidslException)
        e.render() == 'test.oci.groovy:2:26: error: no spaces: two words'
    }

    def "errors, a field read as a name says to write it as a call, with its number when there is one"() {
        given:
        def cache = dir.resolve('cache')
        Files.writeString(dir.resolve('field.oci.groovy'), text)

        when: 'compiled, then read back from the cache, which keeps the positions'
        def messages = (1..2).collect {
            try {
                new Evaluator(cache).evaluate(dir.resolve('field.oci.groovy'), 'field.oci.groovy')
                'no error'
            } catch (OcidslException e) {
                e.render()
            }
        }

        then:
        messages == [expected, expected]

        where:
        text                                                               | expected
        "ociContainer {\n    image 'x'\n    stopTimeout -3\n}"             | "field.oci.groovy:3:5: error: 'stopTimeout' is a field of ociContainer: write it as a call: stopTimeout(-3)"
        "ociContainer { image 'x'; stopTimeout +2.5 }"                      | "field.oci.groovy:1:27: error: 'stopTimeout' is a field of ociContainer: write it as a call: stopTimeout(2.5)"
        "ociNetwork { name 'n'; ipv6 }"                                     | "field.oci.groovy:1:24: error: 'ipv6' is a field of ociNetwork: write it as a call: ipv6(VALUE)"
        "ociContainer { image 'x'; stopTimeout - retries }"                 | "field.oci.groovy:1:27: error: 'stopTimeout' is a field of ociContainer: write it as a call: stopTimeout(VALUE)"
        "ociContainer {\n    image imageName\n}"                           | "field.oci.groovy:2:5: error: unknown name 'imageName'"
    }

    def "records, a variable of the script named like a field is still read"() {
        when:
        Configuration c = eval('''\
image = 'redis:7'
ociContainer { image image }
''')

        then:
        c.get(OciContainer.IMAGE) == 'redis:7'
    }

    def "pamLimitsEntry, Guix's pam-limits-entry, checked"() {
        expect:
        eval("pamLimitsEntry '*', 'both', 'nofile', 100000") == new PamLimit('*', 'both', 'nofile', '100000')

        when:
        eval("pamLimitsEntry '*', 'sometimes', 'nofile', 1")

        then:
        def e = thrown(OcidslException)
        e.render() == 'test.oci.groovy:1:1: error: pam limits type must be one of hard, soft, both but sometimes was found'
    }

    def "names, a container's service name comes from the repository without tag or digest"() {
        expect:
        OciService.containerNameOf(image) == name

        where:
        image                                                | name
        'myregistry.local:5000/testing/test-image:tag'       | 'test-image'
        'redis:7'                                            | 'redis'
        'docker.io/library/nginx@sha256:0123abcd'            | 'nginx'
        'localhost:5000/app'                                 | 'app'
    }

    private Path write(String text) {
        Path file = dir.resolve('test.oci.groovy')
        Files.writeString(file, text)
        file
    }

    def "images, a build takes the files as they are when it runs, not when the script ran"() {
        given:
        Path conf = Files.writeString(Files.createDirectories(dir.resolve('root')).resolve('app.conf'), 'port = 80\n')
        Files.writeString(dir.resolve('image.oci.groovy'), "ociImage { repository 'app'; value directory('root') }\n")

        when:
        Configuration image = new Evaluator(null).evaluate(dir.resolve('image.oci.groovy'), 'image.oci.groovy')
        Files.writeString(conf, 'port = 8080\nmore = yes\n')
        BuiltImage built = ImageBuilder.withCache(dir.resolve('images')).build(OciImages.spec(image), dir.resolve('app.tar'))

        then: 'the archive holds the file as it was written last'
        new String(Files.readAllBytes(built.archive()), StandardCharsets.ISO_8859_1).contains('port = 8080\nmore = yes\n')
    }
}
