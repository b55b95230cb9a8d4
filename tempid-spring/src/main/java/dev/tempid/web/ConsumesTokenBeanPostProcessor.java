package dev.tempid.web;

import dev.tempid.TokenService;

import org.springframework.aop.framework.autoproxy.AbstractBeanFactoryAwareAdvisingPostProcessor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.BeanFactory;

/**
 * Proxies every bean with a {@link ConsumesToken} method, the Spring Framework 7 way: an
 * advisor made of an {@code AnnotationMatchingPointcut}
 * ({@link ConsumesTokenBinding#pointcut()}, as on WebFlux) and the
 * {@link ConsumesTokenInterceptor} (as {@code ConcurrencyLimitBeanPostProcessor} does).
 * The {@link TokenService} is looked up on the first call, not when the post-processor is
 * created.
 */
public class ConsumesTokenBeanPostProcessor extends AbstractBeanFactoryAwareAdvisingPostProcessor {

	private final RequestTokenReader reader;

	public ConsumesTokenBeanPostProcessor() {
		this(new RequestTokenReader());
	}

	public ConsumesTokenBeanPostProcessor(RequestTokenReader reader) {
		this.reader = reader;
		setBeforeExistingAdvisors(true);
		setProxyTargetClass(true);
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		super.setBeanFactory(beanFactory);
		ConsumesTokenInterceptor interceptor = new ConsumesTokenInterceptor(
				() -> beanFactory.getBean(TokenService.class), this.reader);
		this.advisor = new DefaultPointcutAdvisor(ConsumesTokenBinding.pointcut(), interceptor);
	}

}
