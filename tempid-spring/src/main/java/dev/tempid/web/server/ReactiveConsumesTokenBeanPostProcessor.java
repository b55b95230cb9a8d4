package dev.tempid.web.server;

import dev.tempid.reactive.ReactiveTokenService;
import dev.tempid.web.ConsumesToken;
import dev.tempid.web.ConsumesTokenBinding;
import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;

/**
 * Proxies every bean with a {@link ConsumesToken} method in a WebFlux application: an
 * advisor made of an {@code AnnotationMatchingPointcut}
 * ({@link ConsumesTokenBinding#pointcut()}, as on Spring MVC) and the
 * {@link ReactiveConsumesTokenInterceptor}. The {@link ReactiveTokenService} is looked up
 * on the first call, not when the post-processor is created.
 */
public class ReactiveConsumesTokenBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final ServerRequestTokenReader reader;

	public ReactiveConsumesTokenBeanPostProcessor() {
		this(new ServerRequestTokenReader());
	}

	public ReactiveConsumesTokenBeanPostProcessor(ServerRequestTokenReader reader) {
		this.reader = reader;
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		ReactiveConsumesTokenInterceptor interceptor = new ReactiveConsumesTokenInterceptor(
				() -> beanFactory.getBean(ReactiveTokenService.class), this.reader);
		this.advisor = new DefaultPointcutAdvisor(ConsumesTokenBinding.pointcut(), interceptor);
	}

}
